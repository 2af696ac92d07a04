package dev.hotreload.process;

import sun.misc.Signal;

/**
 * SIGHUP, the signal gunicorn, nginx and Puma reload on. The JVM would treat it as a
 * request to shut down; a supervisor reloads instead.
 */
final class SignalTrigger {

	private SignalTrigger() {
	}

	static void onHangup(Runnable action) {
		Signal.handle(new Signal("HUP"), (signal) -> action.run());
	}

}
