package dev.hotreload.singleton;

import java.time.Duration;
import java.util.List;

/**
 * How a generation's singleton work is found and moved.
 *
 * @param enabled whether singleton work moves at the switch; off, it runs in every live
 * generation
 * @param stopTimeout how long stopping the old generation's singleton work may wait for a
 * running execution to end before the new generation's starts anyway
 * @param beans names of further beans that are singleton work: lifecycles, or task
 * schedulers (their scheduled tasks then move too)
 */
public record SingletonSettings(boolean enabled, Duration stopTimeout, List<String> beans) {

	public SingletonSettings {
		beans = List.copyOf(beans);
	}

}
