package dev.hotreload.generation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thread started for a generation's code keeps nothing of that generation.
 */
class DetachedThreadsTests {

	@Test
	void aThreadStartedByAnotherLoadersClassDoesNotKeepThatLoader() throws Exception {
		CountDownLatch stop = new CountDownLatch(1);
		try {
			WeakReference<ClassLoader> loader = startFromOwnLoader(() -> awaitQuietly(stop));
			await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
				System.gc();
				return loader.get() == null;
			});
		}
		finally {
			stop.countDown();
		}
	}

	@SuppressWarnings("unchecked")
	private static WeakReference<ClassLoader> startFromOwnLoader(Runnable task) throws Exception {
		ClassLoader loader = new StarterLoader();
		((Consumer<Runnable>) loader.loadClass(Starter.class.getName()).getDeclaredConstructor().newInstance())
			.accept(task);
		return new WeakReference<>(loader);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts a thread: defined by a loader of its own, as a generation's class is.
	 */
	public static class Starter implements Consumer<Runnable> {

		@Override
		public void accept(Runnable task) {
			DetachedThreads.start("detached-test", ClassLoader.getSystemClassLoader(), task);
		}

	}

	// Defines Starter again; its protection domain names this loader.
	private static final class StarterLoader extends ClassLoader {

		StarterLoader() {
			super(DetachedThreadsTests.class.getClassLoader());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.equals(Starter.class.getName())) {
				return super.loadClass(name, resolve);
			}
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
