package dev.hotreload.sampletest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a rollout of three members ended, checked alike by every fleet test, whatever the
 * broker.
 */
public final class FleetRolloutAssertions {

	private FleetRolloutAssertions() {
	}

	/**
	 * The rollout succeeded: every member reloaded from one generation to the next.
	 * @param rollout the rollout, ended
	 * @param from the generation every member served before
	 */
	public static void everyStepSucceeded(JsonNode rollout, int from) {
		assertThat(rollout.path("state").asString()).as(rollout.toString()).isEqualTo("SUCCEEDED");
		for (JsonNode step : rollout.path("steps")) {
			assertThat(step.path("state").asString()).as(step.toString()).isEqualTo("SUCCEEDED");
			assertThat(step.path("outcome").asString()).isEqualTo("SUCCESS");
			assertThat(step.path("fromGeneration").asInt()).isEqualTo(from);
			assertThat(step.path("toGeneration").asInt()).isEqualTo(from + 1);
		}
	}

	/**
	 * The rollout halted at its second member, whose reload failed, and left the third
	 * untouched.
	 * @param rollout the rollout, ended
	 * @param error what the second step's error says
	 */
	public static void haltedAtTheSecond(JsonNode rollout, String error) {
		assertThat(rollout.path("state").asString()).as(rollout.toString()).isEqualTo("HALTED");
		JsonNode steps = rollout.path("steps");
		assertThat(steps.get(0).path("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(steps.get(1).path("state").asString()).isEqualTo("FAILED");
		assertThat(steps.get(1).path("outcome").asString()).isEqualTo("FAILURE");
		assertThat(steps.get(1).path("error").asString()).contains(error);
		assertThat(steps.get(2).path("state").asString()).isEqualTo("SKIPPED");
	}

}
