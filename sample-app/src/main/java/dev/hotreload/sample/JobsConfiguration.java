package dev.hotreload.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.generation.WorkerGeneration;

/**
 * A scheduled job, run every 100 ms, that records each run's generation, pid, start and
 * end in a log that outlives generations ({@code sample.jobs.file}, by default
 * {@code jobs.jsonl} in the run's own directory, see {@link SampleRun}), readable at
 * {@code GET /jobs}. hotreload runs it in one generation at a time: no two runs overlap,
 * whichever generations ran them.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JobsConfiguration {

	private static final Log logger = LogFactory.getLog(JobsConfiguration.class);

	@Bean
	SampleJob sampleJob(ObjectProvider<WorkerGeneration> generation,
			@Value("${sample.jobs.file:#{null}}") @Nullable Path file, @Value("${sample.jobs.work:20ms}") Duration work) {
		Path log = (file != null) ? file : SampleRun.directory().resolve("jobs.jsonl");
		logger.info("Job runs are recorded in " + log);
		return new SampleJob(generationOf(generation), new RunLog(log), work);
	}

	// Without the starter (hotreload.enabled=false) there is one generation for the JVM's life.
	static WorkerGeneration generationOf(ObjectProvider<WorkerGeneration> generation) {
		return generation.getIfAvailable(() -> WorkerGeneration.startingNow(1));
	}

	/**
	 * The job: it works for {@code sample.jobs.work} (20 ms) each run. With JMX on, an
	 * MBean shows its runs.
	 */
	@ManagedResource(objectName = "dev.hotreload.sample:type=Job,name=sampleJob",
			description = "The sample's scheduled job")
	public static class SampleJob {

		private final WorkerGeneration generation;

		private final RunLog log;

		private final Duration work;

		private final AtomicLong runs = new AtomicLong();

		SampleJob(WorkerGeneration generation, RunLog log, Duration work) {
			this.generation = generation;
			this.log = log;
			this.work = work;
		}

		RunLog log() {
			return this.log;
		}

		@Scheduled(fixedDelay = 100)
		void run() throws InterruptedException {
			Instant start = Instant.now();
			Thread.sleep(this.work.toMillis());
			Map<String, Object> run = new LinkedHashMap<>();
			run.put("generation", this.generation.generation());
			run.put("pid", this.generation.pid());
			run.put("start", start.toString());
			run.put("end", Instant.now().toString());
			this.log.append(run);
			this.runs.incrementAndGet();
		}

		@ManagedAttribute(description = "Runs of the job in this generation")
		public long getRuns() {
			return this.runs.get();
		}

		@ManagedAttribute(description = "The generation whose job this is")
		public int getGeneration() {
			return this.generation.generation();
		}

	}

	/**
	 * {@code GET /jobs}: every run of the job, most recent first.
	 */
	@RestController
	static class JobsController {

		private final RunLog log;

		JobsController(SampleJob job) {
			this.log = job.log();
		}

		@GetMapping("/jobs")
		List<Map<String, Object>> jobs() {
			List<Map<String, Object>> runs = new ArrayList<>(this.log.read());
			Collections.reverse(runs);
			return runs;
		}

	}

}
