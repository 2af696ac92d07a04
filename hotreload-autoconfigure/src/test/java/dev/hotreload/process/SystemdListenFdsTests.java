package dev.hotreload.process;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * systemd's socket activation variables as {@code sd_listen_fds(3)} reads them: only for
 * the process named by {@code LISTEN_PID}, one socket served, more refused.
 */
class SystemdListenFdsTests {

	@Test
	void oneSocketPassedToThisProcessIsDescriptorThree() throws IOException {
		SystemdListenFds passed = SystemdListenFds.of(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42);
		assertThat(passed).isNotNull();
		assertThat(passed.single()).isEqualTo(3);
		assertThat(passed.describe()).isEqualTo("from systemd (LISTEN_FDS, descriptor 3)");
	}

	@Test
	void itsNameComesFromListenFdNames() throws IOException {
		SystemdListenFds passed = SystemdListenFds
			.of(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "web"), 42);
		assertThat(passed.names()).containsExactly("web");
		assertThat(passed.describe()).isEqualTo("from systemd (LISTEN_FDS, descriptor 3, named web)");
	}

	@Test
	void socketsPassedToAnotherProcessOrNoneAreNotThisOnes() throws IOException {
		assertThat(SystemdListenFds.of(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42)).isNull();
		assertThat(SystemdListenFds.of(Map.of("LISTEN_FDS", "1"), 42)).isNull();
		assertThat(SystemdListenFds.of(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "0"), 42)).isNull();
		assertThat(SystemdListenFds.of(Map.of(), 42)).isNull();
	}

	@Test
	void moreThanOneSocketIsRefusedWithWhatWasPassed() throws IOException {
		SystemdListenFds passed = SystemdListenFds
			.of(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "web:admin"), 42);
		assertThat(passed.names()).isEqualTo(List.of("web", "admin"));
		assertThatIOException().isThrownBy(passed::single)
			.withMessageContaining("systemd passed 2 sockets (LISTEN_FDS=2, LISTEN_FDNAMES=web:admin)")
			.withMessageContaining("serves exactly one")
			.withMessageContaining("single ListenStream=");
	}

	@Test
	void aCountThatIsNoNumberIsRefused() {
		assertThatIOException()
			.isThrownBy(() -> SystemdListenFds.of(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "one"), 42))
			.withMessageContaining("LISTEN_FDS is 'one'");
		assertThatIOException()
			.isThrownBy(() -> SystemdListenFds.of(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "-1"), 42))
			.withMessageContaining("LISTEN_FDS is -1");
	}

}
