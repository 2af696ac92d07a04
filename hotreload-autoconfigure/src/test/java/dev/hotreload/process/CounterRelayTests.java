package dev.hotreload.process;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hotreload.counter.DurableCounters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable counts cross the control connection: a worker's increment to the supervisor,
 * the supervisor's counts to every worker.
 */
class CounterRelayTests {

	@Test
	void anIncrementNamesItsCounterOnTheWire() {
		ControlMessage sent = CounterRelay.increment("fleet.rollouts.halted");
		assertThat(sent.encode()).isEqualTo("COUNT name=fleet.rollouts.halted");
		ControlMessage received = ControlMessage.decode(sent.encode());
		assertThat(received.type()).isEqualTo(CounterRelay.TYPE);
		assertThat(CounterRelay.name(received)).isEqualTo("fleet.rollouts.halted");
	}

	@Test
	void countsTravelAsFieldsBesideOthers() {
		ControlMessage message = ControlMessage.of(SupervisorView.TYPE)
			.with("reloads.success.endpoint", 4)
			.withAll(CounterRelay.fields(Map.of("a.b", 2L, "c-d_e", 9_000_000_000L)));
		assertThat(CounterRelay.counts(ControlMessage.decode(message.encode())))
			.containsExactlyInAnyOrderEntriesOf(Map.of("a.b", 2L, "c-d_e", 9_000_000_000L));
	}

	@Test
	void aWorkersIncrementsReachTheSupervisorAndComeBackToTheNextWorker() {
		DurableCounters supervisor = new DurableCounters();
		DurableCounters first = workerOf(supervisor);
		first.increment("fleet.rollouts.succeeded");
		first.increment("fleet.rollouts.succeeded");
		assertThat(supervisor.count("fleet.rollouts.succeeded")).isEqualTo(2);

		DurableCounters next = workerOf(supervisor);
		assertThat(next.count("fleet.rollouts.succeeded")).isZero();
		next.restore(CounterRelay.counts(ControlMessage.decode(ControlMessage.of(SupervisorView.TYPE)
			.withAll(CounterRelay.fields(supervisor.snapshot()))
			.encode())));
		assertThat(next.count("fleet.rollouts.succeeded")).isEqualTo(2);
		next.increment("fleet.rollouts.succeeded");
		assertThat(supervisor.count("fleet.rollouts.succeeded")).isEqualTo(3);
		assertThat(next.count("fleet.rollouts.succeeded")).isEqualTo(3);
	}

	// A worker's counters as WorkerLink wires them: each increment sent, as a message, to
	// the supervisor's.
	private static DurableCounters workerOf(DurableCounters supervisor) {
		DurableCounters worker = new DurableCounters();
		worker.reportTo((name) -> supervisor
			.increment(CounterRelay.name(ControlMessage.decode(CounterRelay.increment(name).encode()))));
		return worker;
	}

}
