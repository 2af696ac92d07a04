package dev.hotreload.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code hotreload.*} property is documented for IDEs, with its default.
 */
class ConfigurationMetadataTests {

	@Test
	@SuppressWarnings("unchecked")
	void everyPropertyHasADescriptionAndTheDocumentedDefault() throws Exception {
		Map<String, Object> metadata;
		// This module's own file, not the first of the many on the class path.
		URL moduleRoot = HotReloadProperties.class.getProtectionDomain().getCodeSource().getLocation();
		try (InputStream in = new URL(moduleRoot, "META-INF/spring-configuration-metadata.json").openStream()) {
			metadata = JsonMapper.builder().build().readValue(in, Map.class);
		}
		List<Map<String, Object>> properties = ((List<Map<String, Object>>) metadata.get("properties")).stream()
			.filter((property) -> ((String) property.get("name")).startsWith("hotreload."))
			.toList();
		assertThat((List<Map<String, Object>>) metadata.get("properties"))
			.extracting((property) -> property.get("name"))
			.contains("management.endpoint.reload.access");
		assertThat(properties).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("hotreload.enabled", "hotreload.mode", "hotreload.drain-timeout", "hotreload.drain.mode", "hotreload.reload-timeout",
					"hotreload.backlog", "hotreload.reuse-port", "hotreload.response-header.enabled",
					"hotreload.response-header.name", "hotreload.warm-up.requests", "hotreload.warm-up.path",
					"hotreload.warm-up.concurrency", "hotreload.signal.enabled", "hotreload.watch.paths",
					"hotreload.watch.config-files", "hotreload.watch.application-jar", "hotreload.watch.debounce",
					"hotreload.dev.enabled", "hotreload.drain.going-away", "hotreload.drain.going-away-grace",
					"hotreload.rollback.window", "hotreload.rollback.error-ratio",
					"hotreload.rollback.minimum-responses", "hotreload.rollback.health-group",
					"hotreload.singletons.enabled", "hotreload.singletons.stop-timeout", "hotreload.singletons.beans",
					"hotreload.process.class-data-sharing.enabled", "hotreload.process.class-data-sharing.directory",
					"hotreload.process.class-data-sharing.keep", "hotreload.process.class-data-sharing.build-only",
					"hotreload.process.start-nice");
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.process.start-nice"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(10));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.process.class-data-sharing.enabled"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(true));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.process.class-data-sharing.keep"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(3));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.process.class-data-sharing.build-only"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(false));
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank());
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.drain-timeout"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("30s"));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.drain.mode"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("migrate"));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.mode"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("context"));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.watch.debounce"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("400ms"));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.signal.enabled"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(true));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.dev.enabled"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(false));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.drain.going-away"))
			.singleElement()
			.satisfies((property) -> {
				assertThat(property.get("defaultValue")).isEqualTo("at-drain-start");
				assertThat((String) property.get("description")).contains("HTTP/2 connections", "GOAWAY");
			});
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.drain.going-away-grace"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("5s"));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.rollback.error-ratio"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(0.5));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.rollback.minimum-responses"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(20));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.singletons.enabled"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(true));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("hotreload.singletons.stop-timeout"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("30s"));
		assertThat(properties).filteredOn((property) -> property.get("name").equals("hotreload.backlog"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(2048));
	}

}
