package dev.hotreload.process;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hotreload.counter.DurableCounters;

/**
 * {@link DurableCounters} across workers, on the control connection: a worker reports an
 * increment ({@code COUNT name=...}), the supervisor adds it to its counts and every
 * worker takes them from the supervisor's {@link SupervisorView} ({@code counter.<name>}
 * fields).
 */
final class CounterRelay {

	static final String TYPE = "COUNT";

	private static final String FIELD = "counter.";

	private CounterRelay() {
	}

	static ControlMessage increment(String name) {
		return ControlMessage.of(TYPE).with("name", name);
	}

	static String name(ControlMessage increment) {
		return increment.require("name");
	}

	static Map<String, String> fields(Map<String, Long> counts) {
		Map<String, String> fields = new LinkedHashMap<>();
		counts.forEach((name, count) -> fields.put(FIELD + name, Long.toString(count)));
		return fields;
	}

	static Map<String, Long> counts(ControlMessage message) {
		Map<String, Long> counts = new HashMap<>();
		message.fields().forEach((name, value) -> {
			if (name.startsWith(FIELD)) {
				counts.put(name.substring(FIELD.length()), Long.parseLong(value));
			}
		});
		return counts;
	}

}
