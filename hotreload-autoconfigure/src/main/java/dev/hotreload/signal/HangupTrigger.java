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
 * signal, and uninstalling the handler restores what was there before it. A SIGHUP the
 * process inherited as ignored (started with {@code nohup}) reloads too, as it does for
 * gunicorn and nginx: the JVM would silently leave it ignored.
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
			SignalHandler handler = (received) -> reloads.apply(ReloadRequest.hangup());
			SignalHandler previous = Signal.handle(hangup, handler);
			if (previous == SignalHandler.SIG_IGN) {
				// Inherited ignored (nohup): the JVM kept it ignored and installed nothing.
				if (!IgnoredSignal.restoreDefault(hangup.getNumber())) {
					logger.warn("SIGHUP is ignored in this process (started with nohup?) and could not be reset;"
							+ " reload with the endpoint instead");
					return new HangupTrigger(hangup, previous);
				}
				Signal.handle(hangup, handler);
				logger.info("SIGHUP was ignored in this process (started with nohup?); it reloads now, and is"
						+ " ignored again when the application stops");
			}
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
