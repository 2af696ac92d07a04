package dev.hotreload.warning;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

import dev.hotreload.reload.ReloadWarning;

/**
 * Finds SQL initialization that runs again in every generation: Spring Boot's script
 * initializer with {@code spring.sql.init.mode=always} and scripts to run. With the
 * default mode ({@code embedded}) the scripts only fill a new in-memory database, which
 * {@link InMemoryDatabases} warns about.
 */
final class SqlInitScripts {

	private static final String INITIALIZER = "org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer";

	private SqlInitScripts() {
	}

	static List<ReloadWarning> check(ConfigurableApplicationContext context, int generation) {
		Environment environment = context.getEnvironment();
		String mode = environment.getProperty("spring.sql.init.mode", "embedded");
		if (!"always".equals(mode.trim().toLowerCase(Locale.ROOT)) || !hasInitializer(context)) {
			return List.of();
		}
		List<String> scripts = scripts(context, environment);
		if (scripts.isEmpty()) {
			return List.of();
		}
		return List.of(new ReloadWarning(ReloadWarning.Kind.SQL_INIT_SCRIPTS, generation,
				"spring.sql.init.mode=always: the SQL scripts " + scripts
						+ " run again in every generation, against the same database",
				"make them safe to run again (CREATE TABLE IF NOT EXISTS, MERGE instead of INSERT), or leave"
						+ " the schema to a migration tool that records what it ran (Flyway, Liquibase)"));
	}

	private static boolean hasInitializer(ConfigurableApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		if (!ClassUtils.isPresent(INITIALIZER, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(INITIALIZER, classLoader);
		return context.getBeanNamesForType(type, false, false).length > 0;
	}

	private static List<String> scripts(ConfigurableApplicationContext context, Environment environment) {
		String platform = environment.getProperty("spring.sql.init.platform", "all");
		List<String> locations = new java.util.ArrayList<>();
		locations.addAll(locations(environment, "spring.sql.init.schema-locations",
				"optional:classpath*:schema-" + platform + ".sql", "optional:classpath*:schema.sql"));
		locations.addAll(locations(environment, "spring.sql.init.data-locations",
				"optional:classpath*:data-" + platform + ".sql", "optional:classpath*:data.sql"));
		return locations.stream().filter((location) -> exists(context, location)).toList();
	}

	private static List<String> locations(Environment environment, String property, String... defaults) {
		String[] configured = environment.getProperty(property, String[].class);
		return List.of((configured != null) ? configured : defaults);
	}

	private static boolean exists(ConfigurableApplicationContext context, String location) {
		String pattern = location.startsWith("optional:") ? location.substring("optional:".length()) : location;
		try {
			for (Resource resource : context.getResources(pattern)) {
				if (resource.exists()) {
					return true;
				}
			}
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
