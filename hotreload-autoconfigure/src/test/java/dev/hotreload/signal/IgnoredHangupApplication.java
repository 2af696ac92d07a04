package dev.hotreload.signal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that installs the SIGHUP trigger and sends itself SIGHUP twice: once installed
 * (it must arrive as a reload request), once uninstalled (it must be what it was before:
 * ignored, when the JVM was started with SIGHUP ignored; the JVM would end with 129 were
 * it the default). Prints what happened; exits 0 when both went as they should.
 */
public final class IgnoredHangupApplication {

	private IgnoredHangupApplication() {
	}

	public static void main(String[] args) throws Exception {
		CountDownLatch requested = new CountDownLatch(1);
		HangupTrigger trigger = HangupTrigger.install((request) -> {
			requested.countDown();
			return new CompletableFuture<>();
		});
		hangupSelf();
		if (!requested.await(20, TimeUnit.SECONDS)) {
			System.out.println("no reload requested within 20 s of SIGHUP");
			System.exit(1);
		}
		System.out.println("SIGHUP requested a reload");
		trigger.uninstall();
		hangupSelf();
		Thread.sleep(500); // a SIGHUP with its default disposition would have ended the JVM by now
		System.out.println("SIGHUP after uninstall left the JVM running");
	}

	private static void hangupSelf() throws Exception {
		Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -HUP failed");
		}
	}

}
