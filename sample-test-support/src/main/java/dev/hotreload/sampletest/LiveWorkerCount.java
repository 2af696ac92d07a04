package dev.hotreload.sampletest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most worker JVMs a supervisor ran at once while this was open, looked at every 50 ms
 * (a new worker starts beside the serving one for seconds, and one slow to exit shows
 * between two reloads), and which they were at that moment.
 */
public final class LiveWorkerCount implements AutoCloseable {

	private static final long SAMPLE_MILLIS = 50;

	private final AtomicInteger max = new AtomicInteger();

	private final Thread sampler;

	private volatile boolean running = true;

	private volatile String atMax = "";

	public LiveWorkerCount(SampleSupervisor supervisor) {
		this.sampler = new Thread(() -> {
			while (this.running) {
				List<ProcessHandle> live = supervisor.liveWorkers();
				if (live.size() > this.max.getAndAccumulate(live.size(), Math::max)) {
					this.atMax = Instant.now() + " " + live.stream()
						.map((worker) -> worker.pid() + " " + worker.info().commandLine().orElse("?"))
						.toList();
				}
				try {
					Thread.sleep(SAMPLE_MILLIS);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "live-worker-count");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	/** The most workers seen alive at once. */
	public int max() {
		return this.max.get();
	}

	/** When the count was at its most, and the workers' pids and command lines. */
	public String atMax() {
		return this.atMax;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.sampler.join(5000);
	}

}
