package dev.hotreload.fleet.event;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.bus.PathServiceMatcher;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.cloud.bus.event.RemoteApplicationEvent;
import org.springframework.cloud.bus.jackson.SubtypeModule;
import org.springframework.util.AntPathMatcher;

import dev.hotreload.fleet.RolloutStatus;
import dev.hotreload.fleet.RolloutStatus.RolloutState;
import dev.hotreload.fleet.RolloutStatus.Step;
import dev.hotreload.fleet.RolloutStatus.StepState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's events cross the bus as JSON, typed by their simple name, the way Spring
 * Cloud Bus's converter reads them once {@code @RemoteApplicationEventScan} registered
 * them.
 */
class FleetEventJsonTests {

	private final JsonMapper mapper = JsonMapper.builder()
		.addModule(new SubtypeModule(MemberAnnounced.class, MemberProbed.class, ReloadRequested.class,
				ReloadEnded.class, RolloutChanged.class))
		.build();

	@Test
	void memberAnnouncedCrossesTheBus() {
		MemberAnnounced sent = new MemberAnnounced(this, "app:a", "HEARTBEAT", "app", 3, "CONTEXT", "UP", "0.1.0",
				"SUCCESS", "probe-1");
		MemberAnnounced received = roundTrip(sent, MemberAnnounced.class);
		assertThat(received.getOriginService()).isEqualTo("app:a");
		assertThat(received.getDestinationService()).isEqualTo("**");
		assertThat(received.getGeneration()).isEqualTo(3);
		assertThat(received.getHealth()).isEqualTo("UP");
		assertThat(received.getProbeId()).isEqualTo("probe-1");
		assertThat(received.getLastOutcome()).isEqualTo("SUCCESS");
	}

	@Test
	void reloadRequestAndOutcomeCrossTheBusAddressedToOneMember() {
		ReloadRequested request = roundTrip(new ReloadRequested(this, "app:c", "app:a", "rollout-1"),
				ReloadRequested.class);
		assertThat(request.getDestinationService()).isEqualTo("app:a:**");
		assertThat(request.getRolloutId()).isEqualTo("rollout-1");
		ReloadEnded ended = roundTrip(
				new ReloadEnded(this, "app:a", "app:c", "rollout-1", 2, "FAILURE", "FLEET", 120, "boom", 0),
				ReloadEnded.class);
		assertThat(ended.getDestinationService()).isEqualTo("app:c:**");
		assertThat(ended.getOutcome()).isEqualTo("FAILURE");
		assertThat(ended.getError()).isEqualTo("boom");
		assertThat(roundTrip(new MemberProbed(this, "app:c", "app:a", "p"), MemberProbed.class).getProbeId())
			.isEqualTo("p");
	}

	@Test
	void anEventForAMemberReachesEachOfItsJvmsAndOnlyThem() {
		ReloadRequested request = new ReloadRequested(this, "app:c", "app:a", "rollout-1");
		// Context mode: the member's bus id is its id. Process mode: each worker's is the
		// member's id and the worker's pid.
		assertThat(matcher("app:a").isForSelf(request)).isTrue();
		assertThat(matcher("app:a:4242").isForSelf(request)).isTrue();
		assertThat(matcher("app:ab").isForSelf(request)).isFalse();
		assertThat(matcher("app:b:4242").isForSelf(request)).isFalse();
		// The instance's other worker hears what one worker sends.
		MemberAnnounced announced = new MemberAnnounced(this, "app:a", "PROBED", "app", 2, "PROCESS", "UP", "0.1.0",
				"SUCCESS", "probe-1");
		assertThat(matcher("app:a:4242").isFromSelf(announced)).isFalse();
		assertThat(matcher("app:a").isFromSelf(announced)).isTrue();
	}

	private static ServiceMatcher matcher(String busId) {
		return new PathServiceMatcher(new AntPathMatcher(":"), busId);
	}

	@Test
	void rolloutChangedCarriesTheRolloutsSteps() {
		RolloutStatus rollout = new RolloutStatus("rollout-1", "app:c", RolloutState.RUNNING, "2026-01-01T00:00:00Z",
				null, List.of(new Step("app:a", StepState.SUCCEEDED, 1, 2, "SUCCESS", 900L, null),
						new Step("app:c", StepState.PENDING, 1, null, null, null, null)),
				List.of("app:d"), null);
		RolloutChanged received = roundTrip(new RolloutChanged(this, "app:c", rollout), RolloutChanged.class);
		assertThat(received.getRollout()).isEqualTo(rollout);
	}

	private <T extends RemoteApplicationEvent> T roundTrip(T event, Class<T> type) {
		String json = this.mapper.writeValueAsString(event);
		RemoteApplicationEvent read = this.mapper.readValue(json, RemoteApplicationEvent.class);
		assertThat(read).isInstanceOf(type);
		assertThat(read.getId()).isEqualTo(event.getId());
		return type.cast(read);
	}

}
