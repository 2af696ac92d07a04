package dev.hotreload.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app scraped by a real Prometheus through reloads: the generation gauge follows
 * every switch, the reload counter grows by the number of reloads, a failed reload, a
 * forced drain and a rollback fire their alerts, and every panel of the Grafana dashboard
 * finds data.
 */
class PrometheusEndToEndTests {

	private static final int RELOADS = 3;

	private static final Duration SCRAPED = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	@BeforeAll
	static void installPrometheus() throws Exception {
		PrometheusServer.install();
	}

	@Test
	void rulesAreValid() throws Exception {
		String output = PrometheusServer.run(List.of("promtool", "check", "rules", PrometheusServer.RULES.toString()),
				Duration.ofSeconds(30));
		assertThat(output).contains("SUCCESS: 4 rules found");
	}

	@Test
	void prometheusFollowsReloadsAndAlertsOnFailuresAndRollbacks() throws Exception {
		Path config = Files.createDirectories(this.temp.resolve("config"));
		Files.writeString(config.resolve("application.properties"), "sample.greeting=Hi\n");
		try (RunningSample sample = RunningSample.start("--hotreload.drain-timeout=1s",
				"--spring.config.additional-location=file:" + config.toAbsolutePath() + "/");
				PrometheusServer prometheus = PrometheusServer.scrape(sample.port(),
						Files.createDirectories(this.temp.resolve("prometheus")))) {
			awaitValue(prometheus, "hotreload_generation", 1.0);
			double successesBefore = prometheus.value("sum(hotreload_reloads_total{outcome=\"success\"})");
			for (int i = 1; i <= RELOADS; i++) {
				assertThat(sample.reload().status()).isEqualTo(200);
				awaitValue(prometheus, "hotreload_generation", 1.0 + i);
			}
			awaitValue(prometheus, "hotreload_reloads_total{outcome=\"success\",trigger=\"endpoint\"}",
					successesBefore + RELOADS);
			assertThat(successesBefore).isZero();
			assertThat(firing(prometheus)).doesNotContain("HotReloadFailed", "HotReloadRolledBack");

			Files.writeString(config.resolve("application.properties"), "server.servlet.context-path=broken\n");
			assertThat(sample.reload().status()).isEqualTo(500);
			awaitValue(prometheus, "hotreload_reloads_total{outcome=\"failure\",trigger=\"endpoint\"}", 1.0);
			await().atMost(SCRAPED).untilAsserted(() -> assertThat(firing(prometheus)).contains("HotReloadFailed"));
			assertThat(prometheus.value("hotreload_generation")).isEqualTo(1.0 + RELOADS);

			// A request slower than the drain timeout is cut when its generation closes: a
			// minute, longer than any reload on a busy machine plus the drain timeout.
			Files.writeString(config.resolve("application.properties"), "sample.greeting=Hi\n");
			CompletableFuture<Void> stuck = CompletableFuture.runAsync(() -> {
				try {
					sample.get("/hello?delay=60000");
				}
				catch (RuntimeException ex) {
					// Expected: the connection is closed at the drain timeout.
				}
			});
			await().atMost(SCRAPED)
				.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
			assertThat(sample.reload().status()).isEqualTo(200);
			stuck.get(30, TimeUnit.SECONDS);
			await().atMost(SCRAPED)
				.untilAsserted(() -> assertThat(prometheus.value("hotreload_drain_forced_total")).isPositive());
			await().atMost(SCRAPED)
				.untilAsserted(() -> assertThat(firing(prometheus)).contains("HotReloadForcedDrain"));

			// A generation that goes down within its rollback window hands traffic back.
			double serving = prometheus.value("hotreload_generation");
			Files.writeString(config.resolve("application.properties"),
					"sample.health.down-after=1s\nhotreload.rollback.window=30s\n");
			assertThat(sample.reload().status()).isEqualTo(200);
			awaitValue(prometheus, "hotreload_reloads_total{outcome=\"rolled_back\",trigger=\"endpoint\"}", 1.0);
			await().atMost(SCRAPED)
				.untilAsserted(() -> assertThat(firing(prometheus)).contains("HotReloadRolledBack"));
			assertThat(prometheus.value("hotreload_generation")).isEqualTo(serving);

			for (String query : dashboardQueries()) {
				assertThat(prometheus.query(query)).as(query).isNotEmpty();
			}
		}
	}

	private static void awaitValue(PrometheusServer prometheus, String query, double expected) {
		await().atMost(SCRAPED).untilAsserted(() -> assertThat(prometheus.value(query)).isEqualTo(expected));
	}

	private static List<String> firing(PrometheusServer prometheus) {
		List<String> names = new ArrayList<>();
		for (JsonNode alert : prometheus.alerts()) {
			if ("firing".equals(alert.path("state").asString())) {
				names.add(alert.path("labels").path("alertname").asString());
			}
		}
		return names;
	}

	/** Every panel query of the shipped dashboard, with Grafana's variables filled in. */
	private static List<String> dashboardQueries() throws Exception {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(PrometheusServer.OBSERVABILITY.resolve("grafana/hotreload-dashboard.json").toFile());
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.path("expr")
					.asString()
					.replace("$instance", ".*")
					.replace("$__rate_interval", "1m"));
			}
		}
		assertThat(queries).hasSize(7);
		return queries;
	}

}
