package dev.hotreload.singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generation's singleton work on a real scheduler and a real lifecycle: held, it does
 * not run; started, it runs; stopped, it ends what runs before returning and nothing
 * runs after.
 */
class GenerationSingletonsTests {

	private AnnotationConfigApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void heldWorkDoesNotRunUntilStarted() throws Exception {
		GenerationSingletons singletons = start(true, Duration.ofMillis(20));
		Job job = this.context.getBean(Job.class);
		Listener listener = this.context.getBean(Listener.class);
		Thread.sleep(300);
		assertThat(job.runs).isEmpty();
		assertThat(listener.isRunning()).isFalse();
		assertThat(singletons.hasWork()).isTrue();
		singletons.start();
		Thread.sleep(300);
		assertThat(job.runs).isNotEmpty();
		assertThat(listener.isRunning()).isTrue();
		assertThat(singletons.isHeld()).isFalse();
	}

	@Test
	void stopWaitsForTheRunningExecutionAndNothingRunsAfter() throws Exception {
		GenerationSingletons singletons = start(false, Duration.ofMillis(300));
		Job job = this.context.getBean(Job.class);
		while (job.started.isEmpty()) {
			Thread.sleep(5);
		}
		assertThat(singletons.stop(Duration.ofSeconds(5))).isTrue();
		Instant stopped = Instant.now();
		assertThat(job.runs).isNotEmpty().allSatisfy((run) -> assertThat(run[1]).isBefore(stopped));
		int started = job.started.size();
		Thread.sleep(500);
		assertThat(job.started).hasSize(started);
		assertThat(this.context.getBean(Listener.class).isRunning()).isFalse();
	}

	@Test
	void stopGivesUpAtItsTimeout() throws Exception {
		GenerationSingletons singletons = start(false, Duration.ofMillis(1500));
		Job job = this.context.getBean(Job.class);
		while (job.started.isEmpty()) {
			Thread.sleep(5);
		}
		assertThat(singletons.stop(Duration.ofMillis(100))).isFalse();
	}

	private GenerationSingletons start(boolean held, Duration work) {
		this.context = new AnnotationConfigApplicationContext();
		this.context.registerBean(Duration.class, () -> work);
		this.context.register(WorkConfiguration.class);
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		GenerationSingletons singletons = new GenerationSingletons(2, beanFactory,
				new SingletonSettings(true, Duration.ofSeconds(5), List.of()), held);
		this.context.registerBean(GenerationSingletons.class, () -> singletons);
		this.context.registerBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME,
				SingletonLifecycleProcessor.class, () -> new SingletonLifecycleProcessor(singletons));
		this.context.refresh();
		return singletons;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class WorkConfiguration {

		@Bean
		ThreadPoolTaskScheduler taskScheduler() {
			return new ThreadPoolTaskScheduler();
		}

		@Bean
		Job job(Duration work) {
			return new Job(work);
		}

		@Bean
		@SingletonLifecycle
		Listener listener() {
			return new Listener();
		}

	}

	static class Job {

		final List<Instant> started = new CopyOnWriteArrayList<>();

		final List<Instant[]> runs = new CopyOnWriteArrayList<>();

		private final Duration work;

		Job(Duration work) {
			this.work = work;
		}

		@Scheduled(fixedDelay = 10)
		void run() throws InterruptedException {
			Instant start = Instant.now();
			this.started.add(start);
			Thread.sleep(this.work.toMillis());
			this.runs.add(new Instant[] { start, Instant.now() });
		}

	}

	static class Listener implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
