package dev.hotreload.benchmarks;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer to {@code POST /actuator/reload}, read without a JSON library: the
 * generation, the outcome and the application's own timing of the reload.
 *
 * @param status the HTTP status
 * @param generation the generation the reload started
 * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code TIMEOUT} or {@code REJECTED}
 * @param duration the reload from its start to the switch, as the application measured it
 * @param startup of that, the new generation's {@code SpringApplication.run}; zero if absent
 * @param body the body as received, for error messages
 */
record ReloadResponse(int status, int generation, String outcome, Duration duration, Duration startup,
		String body) {

	private static final Pattern GENERATION = Pattern.compile("\"generation\"\\s*:\\s*(\\d+)");

	private static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"(\\w+)\"");

	private static final Pattern DURATION = Pattern.compile("\"durationMillis\"\\s*:\\s*(\\d+)");

	private static final Pattern STARTUP = Pattern.compile("\"startupMillis\"\\s*:\\s*(\\d+)");

	static ReloadResponse parse(int status, String body) {
		Matcher generation = GENERATION.matcher(body);
		Matcher outcome = OUTCOME.matcher(body);
		return new ReloadResponse(status, generation.find() ? Integer.parseInt(generation.group(1)) : -1,
				outcome.find() ? outcome.group(1) : "UNKNOWN", millis(DURATION, body), millis(STARTUP, body), body);
	}

	private static Duration millis(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		return matcher.find() ? Duration.ofMillis(Long.parseLong(matcher.group(1))) : Duration.ZERO;
	}

	boolean succeeded() {
		return this.status == 200 && "SUCCESS".equals(this.outcome);
	}

}
