package dev.hotreload.samplejetty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.hotreload.generation.WorkerGeneration;

/**
 * A scheduled job, run every 100 ms, that records each run's generation, pid, start and
 * end, a JSON object a line, in a file that outlives generations and worker JVMs
 * ({@code sample.jobs.file}), as sample-app's job does. hotreload runs it in one
 * generation at a time: no two runs overlap, whichever generations ran them.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JobsConfiguration {

	private static final Log logger = LogFactory.getLog(JobsConfiguration.class);

	// Without the starter (hotreload.enabled=false) there is one generation for the JVM's life.
	@Bean
	SampleJob sampleJob(ObjectProvider<WorkerGeneration> generation, @Value("${sample.jobs.file}") Path file,
			@Value("${sample.jobs.work:20ms}") Duration work) {
		logger.info("Job runs are recorded in " + file);
		return new SampleJob(generation.getIfAvailable(() -> WorkerGeneration.startingNow(1)), file, work);
	}

	/** The job: it works for {@code sample.jobs.work} (20 ms) each run. */
	static class SampleJob {

		private final WorkerGeneration generation;

		private final Path file;

		private final Duration work;

		SampleJob(WorkerGeneration generation, Path file, Duration work) {
			this.generation = generation;
			this.file = file;
			this.work = work;
		}

		@Scheduled(fixedDelay = 100)
		void run() throws InterruptedException, IOException {
			Instant start = Instant.now();
			Thread.sleep(this.work.toMillis());
			String run = "{\"generation\":" + this.generation.generation() + ",\"pid\":" + this.generation.pid()
					+ ",\"start\":\"" + start + "\",\"end\":\"" + Instant.now() + "\"}\n";
			// One write per line: the lines of two generations, or two worker JVMs, never interleave.
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.write(this.file, run.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}

	}

}
