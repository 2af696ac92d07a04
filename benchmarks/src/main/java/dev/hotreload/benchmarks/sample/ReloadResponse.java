package dev.hotreload.benchmarks.sample;

import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The answer to {@code POST /actuator/reload}, read from its JSON body: the generation,
 * the outcome and the application's own timing of the reload.
 *
 * @param status the HTTP status
 * @param generation the generation the reload started; -1 if the body does not say
 * @param kind {@code CONTEXT} (a new generation in the JVM that serves) or {@code PROCESS}
 * (a new worker JVM); {@code UNKNOWN} if the body does not say
 * @param trigger what asked for it: {@code ENDPOINT}, {@code SIGNAL}, {@code FILE} or
 * {@code REPLACEMENT}; {@code UNKNOWN} if the body does not say
 * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code TIMEOUT} or {@code REJECTED};
 * {@code UNKNOWN} if the body does not say
 * @param duration the reload from its start to the switch, as the application measured it;
 * zero if absent
 * @param startup of that, the new generation's {@code SpringApplication.run}; zero if absent
 * @param body the body as received, for error messages
 */
public record ReloadResponse(int status, int generation, String kind, String trigger, String outcome,
		Duration duration, Duration startup, String body) {

	static ReloadResponse parse(int status, String body) {
		JsonNode json = read(body);
		return new ReloadResponse(status, json.path("generation").intValue(-1),
				json.path("kind").stringValue("UNKNOWN"), json.path("trigger").stringValue("UNKNOWN"),
				json.path("outcome").stringValue("UNKNOWN"),
				millis(json.path("durationMillis")), millis(json.path("startupMillis")), body);
	}

	// A body that is not JSON (an error page, nothing at all) says nothing: every field is absent.
	private static JsonNode read(String body) {
		try {
			return JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			return MissingNode.getInstance();
		}
	}

	// Absent, null (startupMillis when the new generation did not start) or not a whole number: zero.
	private static Duration millis(JsonNode millis) {
		return Duration.ofMillis(millis.longValue(0));
	}

	public boolean succeeded() {
		return this.status == 200 && "SUCCESS".equals(this.outcome);
	}

}
