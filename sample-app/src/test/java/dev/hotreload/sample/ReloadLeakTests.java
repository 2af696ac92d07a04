package dev.hotreload.sample;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many reloads leave nothing behind: old contexts are collectable, threads end and the heap
 * does not grow. The JVM runs with its default settings, under which a full GC clears soft
 * references only when the heap runs short: what a soft reference holds counts.
 */
class ReloadLeakTests {

	private static final int RELOADS = 40;

	private static final int BASELINE_RELOADS = 10;

	// A generation of the sample holds a few MB: 30 leaked ones would be far above this.
	private static final long HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;

	@Test
	void fortyReloadsLeaveAtMostTwoContextsNoExtraThreadsAndNoMoreHeap() throws Exception {
		List<WeakReference<ConfigurableApplicationContext>> contexts = new CopyOnWriteArrayList<>();
		List<WeakReference<PrometheusMeterRegistry>> registries = new CopyOnWriteArrayList<>();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers((context) -> contexts.add(new WeakReference<>(context)));
		application.addListeners((ApplicationListener<ApplicationReadyEvent>) (event) -> registries
			.add(new WeakReference<>(event.getApplicationContext().getBean(PrometheusMeterRegistry.class))));
		try (RunningSample sample = RunningSample.start(application)) {
			// The first reload starts what lives as long as the JVM (the acceptor thread).
			assertThat(sample.reload().status()).isEqualTo(200);
			awaitOneGeneration(sample);
			int threadsBefore = liveThreads();
			reload(sample, BASELINE_RELOADS);
			awaitAtMostTwoLive(contexts, registries, threadsBefore);
			long heapBefore = heapUsedAfterGc();
			reload(sample, RELOADS - BASELINE_RELOADS);
			assertThat(contexts).hasSize(RELOADS + 2);
			awaitAtMostTwoLive(contexts, registries, threadsBefore);
			assertThat(heapUsedAfterGc()).isLessThan(heapBefore + HEAP_GROWTH_LIMIT);
		}
	}

	private static void reload(RunningSample sample, int times) {
		for (int i = 0; i < times; i++) {
			assertThat(sample.reload().status()).isEqualTo(200);
		}
		awaitOneGeneration(sample);
	}

	private static void awaitAtMostTwoLive(List<WeakReference<ConfigurableApplicationContext>> contexts,
			List<WeakReference<PrometheusMeterRegistry>> registries, int threadsBefore) {
		await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			System.gc();
			assertThat(live(contexts)).isLessThanOrEqualTo(2);
			// Logback's JVM-wide logger context must not keep old generations' registries.
			assertThat(live(registries)).isLessThanOrEqualTo(2);
			assertThat(liveThreads()).isLessThanOrEqualTo(threadsBefore);
		});
	}

	private static long heapUsedAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void awaitOneGeneration(RunningSample sample) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> sample.application().status().generations().size() == 1);
	}

	private static long live(List<? extends WeakReference<?>> references) {
		return references.stream().filter((reference) -> reference.get() != null).count();
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
