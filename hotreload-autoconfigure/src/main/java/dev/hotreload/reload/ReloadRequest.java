package dev.hotreload.reload;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A request for a reload: what to start and what asked for it.
 *
 * @param kind what to start, {@code null} for the mode's default
 * @param trigger what asked for it
 * @param cause what happened, for the log: {@code POST /actuator/reload},
 * {@code SIGHUP}, the files that changed
 */
public record ReloadRequest(@Nullable ReloadKind kind, ReloadTrigger trigger, String cause) {

	/**
	 * A request made through the actuator endpoint.
	 * @param kind what to start, {@code null} for the mode's default
	 * @return the request
	 */
	public static ReloadRequest endpoint(@Nullable ReloadKind kind) {
		return new ReloadRequest(kind, ReloadTrigger.ENDPOINT,
				"POST /actuator/reload" + ((kind != null) ? "/" + kind.name().toLowerCase(Locale.ROOT) : ""));
	}

	/**
	 * A request made by SIGHUP.
	 * @return the request
	 */
	public static ReloadRequest hangup() {
		return new ReloadRequest(null, ReloadTrigger.SIGNAL, "SIGHUP");
	}

	/**
	 * This request, starting the given kind if it named none.
	 * @param defaultKind the mode's default
	 * @return the request with a kind
	 */
	public ReloadRequest orKind(ReloadKind defaultKind) {
		return (this.kind != null) ? this : new ReloadRequest(defaultKind, this.trigger, this.cause);
	}

	/**
	 * The kind, which {@link #orKind} has set.
	 * @return the kind
	 * @throws IllegalStateException if it has none
	 */
	public ReloadKind requiredKind() {
		if (this.kind == null) {
			throw new IllegalStateException("No kind of reload given: " + this);
		}
		return this.kind;
	}

}
