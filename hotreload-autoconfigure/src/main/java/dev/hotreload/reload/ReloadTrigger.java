package dev.hotreload.reload;

import java.util.Locale;

/**
 * What started a reload: shown in the status and the log, and a tag of the reload metrics.
 */
public enum ReloadTrigger {

	/**
	 * {@code POST /actuator/reload}.
	 */
	ENDPOINT,

	/**
	 * SIGHUP, sent to the application (in process mode, to the supervisor).
	 */
	SIGNAL,

	/**
	 * A watched file changed ({@code hotreload.watch.*}, or a class directory in
	 * development mode).
	 */
	FILE,

	/**
	 * A worker process died on its own and the supervisor replaced it.
	 */
	REPLACEMENT,

	/**
	 * A fleet rollout ({@code hotreload-fleet}) asked this instance to reload.
	 */
	FLEET;

	/**
	 * The trigger as a metric tag and in JSON: lower case.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
