package dev.hotreload.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A supervisor's directory is deleted at its shutdown while a worker that just exited has
 * its own directory in it deleted by another thread (CI run r24: the walk met a file gone
 * meanwhile, threw, and the shutdown stopped before it logged that the supervisor stopped).
 */
class PrivateDirectoryTests {

	@TempDir
	Path temp;

	@Test
	void deletesATreeWhilePartsOfItAreDeletedMeanwhile() throws Exception {
		for (int round = 0; round < 20; round++) {
			Path supervisor = Files.createDirectories(this.temp.resolve("supervisor-" + round));
			for (int generation = 1; generation <= 4; generation++) {
				Path worker = Files.createDirectories(supervisor.resolve("generation-" + generation));
				for (int file = 0; file < 200; file++) {
					Files.writeString(worker.resolve("lib-" + file + ".jar"), "jar");
				}
			}
			CountDownLatch go = new CountDownLatch(1);
			CompletableFuture<Void> workerExits = CompletableFuture.runAsync(() -> {
				awaitQuietly(go);
				for (int generation = 1; generation <= 4; generation++) {
					PrivateDirectory.delete(supervisor.resolve("generation-" + generation));
				}
			});
			go.countDown();
			assertThatNoException().isThrownBy(() -> PrivateDirectory.delete(supervisor));
			workerExits.get();
			assertThat(supervisor).doesNotExist();
		}
	}

	@Test
	void aDirectoryThatIsGoneAlreadyIsNoError() {
		assertThatNoException().isThrownBy(() -> PrivateDirectory.delete(this.temp.resolve("never-made")));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
