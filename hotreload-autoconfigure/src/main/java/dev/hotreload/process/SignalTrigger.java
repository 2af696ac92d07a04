package dev.hotreload.process;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals process mode treats its own way. SIGHUP, the signal gunicorn, nginx and Puma
 * reload on, which the JVM would treat as a request to shut down: a supervisor reloads
 * instead. SIGINT, which a terminal's Ctrl-C sends to the supervisor and its workers alike:
 * workers ignore it, and the supervisor stops them in order.
 */
final class SignalTrigger {

	private SignalTrigger() {
	}

	static void onHangup(Runnable action) {
		Signal.handle(new Signal("HUP"), (signal) -> action.run());
	}

	static void ignoreInterrupt() {
		Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
	}

}
