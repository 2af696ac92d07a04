package dev.hotreload.warning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.context.ReloadableApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A generation whose {@code DataSource} is an in-memory database, or whose SQL scripts run
 * again, is warned about once, in the log and in {@code GET /actuator/reload}; one on a
 * file or a server database is not. Real H2 databases, Spring Boot's own DataSource and
 * SQL initialization, real HTTP. The module's other test applications exclude the
 * DataSource ({@code application.properties} of its tests); these clear that.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseWarningsTests {

	private static final Pattern WARNING_LINE = Pattern.compile("Generation (\\d+): (DataSource|spring\\.sql\\.init)");

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path directory;

	@Test
	void springBootsEmbeddedDatabaseIsWarnedAboutOncePerGeneration(CapturedOutput output) throws Exception {
		try (Running app = start()) {
			List<Map<String, Object>> warnings = app.warnings();
			assertThat(warnings).singleElement().satisfies((warning) -> {
				assertThat(warning).containsEntry("kind", "IN_MEMORY_DATABASE").containsEntry("generation", 1);
				assertThat((String) warning.get("message")).contains("DataSource 'dataSource'", "jdbc:h2:mem:");
				assertThat((String) warning.get("action")).contains("jdbc:h2:file:");
			});
			assertThat(app.reload()).contains("\"outcome\":\"SUCCESS\"");
			// Generation 1 drains and closes, and its warning goes with it.
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(app.warnings()).extracting((warning) -> warning.get("generation"))
					.containsExactly(2));
			assertThat(app.warnings()).singleElement()
				.satisfies((warning) -> assertThat(warning).containsEntry("kind", "IN_MEMORY_DATABASE"));
			assertThat(app.reload()).contains("\"outcome\":\"SUCCESS\"");
			assertThat(warningLines(output)).containsExactly("1 DataSource", "2 DataSource", "3 DataSource");
		}
	}

	@Test
	void namedInMemoryDatabaseIsWarnedAbout(CapturedOutput output) throws Exception {
		try (Running app = start("--spring.datasource.url=jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1")) {
			assertThat(app.warnings()).singleElement()
				.satisfies((warning) -> assertThat((String) warning.get("message")).contains("jdbc:h2:mem:orders"));
			assertThat(warningLines(output)).containsExactly("1 DataSource");
		}
	}

	@Test
	void fileDatabaseIsNotWarnedAboutEvenWithScriptsModeAlwaysAndNoScripts(CapturedOutput output) throws Exception {
		try (Running app = start("--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("app"),
				"--spring.sql.init.mode=always")) {
			assertThat(app.warnings()).isEmpty();
			assertThat(app.reload()).contains("\"outcome\":\"SUCCESS\"");
			assertThat(app.warnings()).isEmpty();
			assertThat(warningLines(output)).isEmpty();
		}
	}

	@Test
	void serverDatabaseIsNotWarnedAbout(CapturedOutput output) throws Exception {
		Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", this.directory.toString())
			.start();
		try (Running app = start("--spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/app")) {
			assertThat(app.warnings()).isEmpty();
			assertThat(app.reload()).contains("\"outcome\":\"SUCCESS\"");
			assertThat(app.warnings()).isEmpty();
			assertThat(warningLines(output)).isEmpty();
		}
		finally {
			server.stop();
		}
	}

	@Test
	void scriptsThatRunAgainInEveryGenerationAreWarnedAbout(CapturedOutput output) throws Exception {
		try (Running app = start("--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("app"),
				"--spring.sql.init.mode=always", "--spring.sql.init.schema-locations=classpath:warning/schema.sql")) {
			assertThat(app.warnings()).singleElement().satisfies((warning) -> {
				assertThat(warning).containsEntry("kind", "SQL_INIT_SCRIPTS").containsEntry("generation", 1);
				assertThat((String) warning.get("message")).contains("classpath:warning/schema.sql",
						"run again in every generation");
			});
			assertThat(app.reload()).contains("\"outcome\":\"SUCCESS\"");
			assertThat(warningLines(output)).containsExactly("1 spring.sql.init", "2 spring.sql.init");
		}
	}

	private static List<String> warningLines(CapturedOutput output) {
		List<String> lines = new ArrayList<>();
		Matcher matcher = WARNING_LINE.matcher(output.getOut());
		while (matcher.find()) {
			lines.add(matcher.group(1) + " " + matcher.group(2));
		}
		return lines;
	}

	private Running start(String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--management.endpoints.web.exposure.include=reload",
				"--management.endpoint.reload.access=unrestricted", "--spring.autoconfigure.exclude="));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext context = SpringApplication.run(DatabaseApplication.class,
				args.toArray(String[]::new));
		return new Running(context.getBean(ReloadableApplication.class),
				Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	private final class Running implements AutoCloseable {

		private final ReloadableApplication application;

		private final int port;

		Running(ReloadableApplication application, int port) {
			this.application = application;
			this.port = port;
		}

		String reload() throws Exception {
			return send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.noBody()));
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> warnings() throws Exception {
			Map<String, Object> status = JsonMapper.builder().build().readValue(send(HttpRequest.newBuilder(uri())),
					Map.class);
			return (List<Map<String, Object>>) status.get("warnings");
		}

		private URI uri() {
			return URI.create("http://127.0.0.1:" + this.port + "/actuator/reload");
		}

		private String send(HttpRequest.Builder request) throws Exception {
			return DatabaseWarningsTests.this.http.send(request.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}

		@Override
		public void close() {
			this.application.close();
		}

	}

}
