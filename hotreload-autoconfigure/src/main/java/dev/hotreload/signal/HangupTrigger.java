package dev.hotreload.signal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;

/**
 * Reloads on SIGHUP, which the JVM would otherwise treat as a request to shut down. A
 * signal handler belongs to the whole JVM: the last application installed receives the
 * signal, and uninstalling the handler restores what was there before it.
 */
public final class HangupTrigger {

	private static final Log logger = LogFactory.getLog(HangupTrigger.class);

	private final Signal signal;

	private final SignalHandler previous;

	private HangupTrigger(Signal signal, SignalHandler previous) {
		this.signal = signal;
		this.previous = previous;
	}

	/**
	 * Makes SIGHUP request a reload.
	 * @param reloads where the reload is requested
	 * @return the installed trigger, or {@code null} where the platform has no SIGHUP
	 */
	public static @Nullable HangupTrigger install(Function<ReloadRequest, CompletableFuture<ReloadResult>> reloads) {
		try {
			Signal hangup = new Signal("HUP");
			SignalHandler previous = Signal.handle(hangup, (received) -> reloads.apply(ReloadRequest.hangup()));
			logger.info("SIGHUP reloads (kill -HUP " + ProcessHandle.current().pid() + ")");
			return new HangupTrigger(hangup, previous);
		}
		catch (IllegalArgumentException ex) {
			// Windows, or a JVM started with -Xrs: nothing to install.
			logger.info("SIGHUP is not available here (" + ex.getMessage() + "); reload with the endpoint instead");
			return null;
		}
	}

	/**
	 * Gives SIGHUP back to the handler it had before.
	 */
	public void uninstall() {
		Signal.handle(this.signal, this.previous);
	}

}
