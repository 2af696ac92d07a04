package dev.hotreload.benchmarks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer to {@code POST /actuator/reload}, read without a JSON library: only the
 * generation and the outcome matter here.
 *
 * @param status the HTTP status
 * @param generation the generation the reload started
 * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code TIMEOUT} or {@code REJECTED}
 * @param body the body as received, for error messages
 */
record ReloadResponse(int status, int generation, String outcome, String body) {

	private static final Pattern GENERATION = Pattern.compile("\"generation\"\\s*:\\s*(\\d+)");

	private static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"(\\w+)\"");

	static ReloadResponse parse(int status, String body) {
		Matcher generation = GENERATION.matcher(body);
		Matcher outcome = OUTCOME.matcher(body);
		return new ReloadResponse(status, generation.find() ? Integer.parseInt(generation.group(1)) : -1,
				outcome.find() ? outcome.group(1) : "UNKNOWN", body);
	}

	boolean succeeded() {
		return this.status == 200 && "SUCCESS".equals(this.outcome);
	}

}
