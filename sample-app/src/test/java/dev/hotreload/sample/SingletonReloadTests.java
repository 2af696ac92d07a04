package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.JobRuns.Run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's 100 ms scheduled job and its file inbox listener across 20 reloads: no two
 * job runs overlap in time, whichever generations ran them, each generation's runs come
 * after the one before's, and every message put in the inbox is consumed exactly once, by
 * one generation at a time. The largest gap without a run at a switch is printed.
 */
class SingletonReloadTests {

	private static final int RELOADS = 20;

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void singletonWorkRunsInOneGenerationAtATimeAcrossReloads() throws Exception {
		Path inbox = this.directory.resolve("inbox");
		try (RunningSample sample = RunningSample.start(sampleFiles())) {
			AtomicBoolean producing = new AtomicBoolean(true);
			AtomicInteger produced = new AtomicInteger();
			Thread producer = new Thread(() -> produce(inbox, producing, produced), "inbox-producer");
			producer.start();
			List<String> reloadFailures = new ArrayList<>();
			try {
				RunningSample.sleep(500);
				for (int i = 0; i < RELOADS; i++) {
					RunningSample.Response response = sample.reload();
					if (response.status() != 200) {
						reloadFailures.add(response.status() + " " + response.body());
					}
					RunningSample.sleep(300);
				}
			}
			finally {
				producing.set(false);
				producer.join();
			}
			awaitEmpty(inbox);
			// The last generation's first run: when the scheduler gets the CPU for it.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> runs(sample).stream().anyMatch((run) -> run.generation() == 1 + RELOADS));
			assertThat(reloadFailures).isEmpty();

			List<Run> runs = runs(sample);
			List<String> overlaps = JobRuns.overlaps(runs);
			assertThat(overlaps).as("job runs of different generations that overlap").isEmpty();
			assertThat(JobRuns.generationsInOrder(runs)).as("generations in the order they ran the job").isSorted();
			assertThat(new TreeSet<>(runs.stream().map(Run::generation).toList())).contains(1, 1 + RELOADS);
			Duration largestGap = JobRuns.largestGapAtSwitches(runs);
			System.out.println("SingletonReloadTests: " + runs.size() + " job runs over " + RELOADS
					+ " reloads, 0 overlaps; largest gap between the last run of a generation and the first of the"
					+ " next: " + largestGap.toMillis() + " ms");

			List<Integer> consumers = consumersOnce(sample.get("/messages").body(), produced.get());
			System.out.println("SingletonReloadTests: " + produced.get() + " messages, each consumed once, by "
					+ new TreeSet<>(consumers).size() + " generations one after the other");

			String status = sample.get("/actuator/reload").body();
			Map<String, Object> handOver = json.readValue(status, new TypeReference<Map<String, Object>>() {
			}).entrySet().stream().filter((entry) -> entry.getKey().equals("lastSingletonHandOver"))
				.map((entry) -> asMap(entry.getValue()))
				.findFirst()
				.orElseThrow();
			assertThat(handOver).containsEntry("from", RELOADS).containsEntry("to", 1 + RELOADS)
				.containsEntry("stoppedInTime", true);
			assertThat(((Number) handOver.get("gapMillis")).longValue()).isBetween(0L, 10_000L);
			String metrics = sample.get("/actuator/prometheus").body();
			String gaps = metrics.lines().filter((line) -> line.startsWith("hotreload_singletons_gap_seconds")).toList()
				.toString();
			assertThat(metrics).contains("hotreload_singletons_gap_seconds_count " + RELOADS + "\n");
			System.out.println("SingletonReloadTests: last hand-over " + handOver + "; " + gaps);
		}
	}

	/**
	 * Checks that each of the produced messages was consumed exactly once, and by the
	 * generations one after the other.
	 * @return the generations that consumed them, in the order they did
	 */
	static List<Integer> consumersOnce(String consumed, int produced) {
		List<Map<String, Object>> messages = json.readValue(consumed, new TypeReference<>() {
		});
		Map<String, Integer> consumptions = new HashMap<>();
		messages.forEach((message) -> consumptions.merge((String) message.get("message"), 1, Integer::sum));
		assertThat(consumptions).hasSize(produced);
		assertThat(consumptions).allSatisfy((message, times) -> assertThat(times).as(message).isEqualTo(1));
		List<Integer> consumers = messages.stream()
			.sorted(Comparator.comparing((Map<String, Object> message) -> Instant.parse((String) message.get("at"))))
			.map((message) -> ((Number) message.get("generation")).intValue())
			.toList();
		assertThat(consumers).as("generations in the order they consumed").isSorted();
		return consumers;
	}

	@Test
	void aGenerationThatFailsToStartLeavesTheSingletonsRunningInTheServingOne() throws Exception {
		Path config = Files.createDirectories(this.directory.resolve("config"));
		List<String> args = new ArrayList<>(List.of(sampleFiles()));
		args.add("--spring.config.additional-location=file:" + config.toAbsolutePath() + "/");
		try (RunningSample sample = RunningSample.start(args.toArray(String[]::new))) {
			Files.writeString(config.resolve("application.properties"), "server.servlet.context-path=broken\n");
			assertThat(sample.reload().status()).isEqualTo(500);
			Instant failed = Instant.now();
			// The job goes on in generation 1: runs that start after the failure (as many as
			// the scheduler gets the CPU for; on a busy machine that may take a while).
			await().atMost(Duration.ofSeconds(30))
				.until(() -> runs(sample).stream().filter((run) -> run.start().isAfter(failed)).count() >= 2);
			assertThat(runs(sample)).extracting(Run::generation).containsOnly(1);
			Files.writeString(config.resolve("application.properties"), "sample.greeting=Hi\n");
			assertThat(sample.reload().status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> runs(sample).stream().anyMatch((run) -> run.generation() == 3));
			List<Run> after = runs(sample);
			assertThat(JobRuns.overlaps(after)).isEmpty();
			assertThat(after).extracting(Run::generation).containsOnly(1, 3);
		}
	}

	@Test
	void aShutdownWhileANewGenerationStartsLeavesNoRunOfItAndNothingRunningAfter() throws Exception {
		Path config = Files.createDirectories(this.directory.resolve("config"));
		List<String> args = new ArrayList<>(List.of(sampleFiles()));
		args.add("--spring.config.additional-location=file:" + config.toAbsolutePath() + "/");
		try (RunningSample sample = RunningSample.start(args.toArray(String[]::new))) {
			// Generation 2 is refreshed, its job scheduled and held, and then waits 3 s.
			Files.writeString(config.resolve("application.properties"), "sample.startup-delay=3s\n");
			CompletableFuture<RunningSample.Response> reload = CompletableFuture.supplyAsync(sample::reload);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (sample.application().generations().size() < 2 && System.nanoTime() < deadline) {
				RunningSample.sleep(20);
			}
			RunningSample.sleep(1500);
			sample.application().close();
			Instant closed = Instant.now();
			assertThat(reload.get(60, TimeUnit.SECONDS).status()).isNotEqualTo(200);
			RunningSample.sleep(2500);
			List<Run> runs = JobRuns.fromFile(this.directory.resolve("jobs.jsonl"));
			assertThat(runs).isNotEmpty().extracting(Run::generation).containsOnly(1);
			assertThat(runs).allSatisfy((run) -> assertThat(run.start()).isBefore(closed));
		}
	}

	private String[] sampleFiles() {
		return new String[] { "--sample.jobs.file=" + this.directory.resolve("jobs.jsonl"),
				"--sample.inbox.directory=" + this.directory.resolve("inbox"),
				"--sample.inbox.consumed-file=" + this.directory.resolve("consumed.jsonl"),
				"--management.endpoints.web.exposure.include=health,reload,prometheus",
				"--management.defaults.metrics.export.enabled=true" };
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

	/** Puts a message in the inbox every 20 ms, each written whole before it appears. */
	static void produce(Path inbox, AtomicBoolean producing, AtomicInteger produced) {
		try {
			Files.createDirectories(inbox);
			while (producing.get()) {
				int number = produced.get() + 1;
				Path partial = inbox.resolve("message-" + number + ".part");
				Files.writeString(partial, "message " + number);
				Files.move(partial, inbox.resolve("message-" + number + ".msg"), StandardCopyOption.ATOMIC_MOVE);
				produced.set(number);
				RunningSample.sleep(20);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void awaitEmpty(Path inbox) throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			try (var files = Files.list(inbox)) {
				if (files.noneMatch((file) -> file.toString().endsWith(".msg"))) {
					return;
				}
			}
			RunningSample.sleep(50);
		}
		throw new AssertionError("The inbox was not emptied within 20 s");
	}

	private static List<Run> runs(RunningSample sample) {
		return JobRuns.fromJson(sample.get("/jobs").body());
	}

}
