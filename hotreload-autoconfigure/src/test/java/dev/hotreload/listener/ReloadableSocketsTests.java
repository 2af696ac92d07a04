package dev.hotreload.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reloadable listening sockets bind for real with the reuse options asked for, and a taken
 * port is refused unless both sockets share it with {@code SO_REUSEPORT}.
 */
class ReloadableSocketsTests {

	private static final InetAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0).getAddress();

	@Test
	void portZeroBindsAFreePortOnTheGivenAddress() throws IOException {
		try (ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(anyPort(), 16, false)) {
			InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
			assertThat(local.getPort()).isPositive();
			assertThat(local.getAddress()).isEqualTo(LOOPBACK);
			assertThat(channel.isOpen()).isTrue();
			assertThat(channel.isBlocking()).isTrue();
		}
	}

	@Test
	void boundSocketAcceptsARealConnection() throws IOException {
		try (ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(anyPort(),
				ReloadableSockets.DEFAULT_BACKLOG, false);
				Socket client = new Socket(LOOPBACK, port(channel));
				SocketChannel accepted = channel.accept()) {
			client.getOutputStream().write(42);
			client.getOutputStream().flush();
			ByteBuffer buffer = ByteBuffer.allocate(1);
			assertThat(accepted.read(buffer)).isEqualTo(1);
			assertThat(buffer.get(0)).isEqualTo((byte) 42);
			assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getPort()).isEqualTo(client.getLocalPort());
		}
	}

	@Test
	void setsReuseAddress() throws IOException {
		try (ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(anyPort(), 16, false)) {
			assertThat(channel.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
		}
	}

	@Test
	void leavesReusePortOffWhenNotAsked() throws IOException {
		assumeTrue(ReloadableSockets.isReusePortSupported());
		try (ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(anyPort(), 16, false)) {
			assertThat(channel.getOption(StandardSocketOptions.SO_REUSEPORT)).isFalse();
		}
	}

	@Test
	void setsReusePortWhenAskedAndSupported() throws IOException {
		assumeTrue(ReloadableSockets.isReusePortSupported());
		try (ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(anyPort(), 16, true)) {
			assertThat(channel.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
		}
	}

	@Test
	void enableSocketReuseConfiguresAnUnboundChannel() throws IOException {
		try (ServerSocketChannel channel = ServerSocketChannel.open()) {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			ReloadableSockets.enableSocketReuse(channel, true);
			assertThat(channel.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
			if (ReloadableSockets.isReusePortSupported()) {
				assertThat(channel.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
			}
			assertThat(channel.getLocalAddress()).isNull();
		}
	}

	@Test
	void backlogOfOneIsAccepted() throws IOException {
		try (ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(anyPort(), 1, false)) {
			assertThat(port(channel)).isPositive();
		}
	}

	@Test
	void rejectsBacklogBelowOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReloadableSockets.createReloadableSocket(anyPort(), 0, false))
			.withMessageContaining("0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReloadableSockets.createReloadableSocket(anyPort(), -1, true));
	}

	@Test
	void secondBindOfATakenPortWithoutReusePortFails() throws IOException {
		try (ServerSocketChannel first = ReloadableSockets.createReloadableSocket(anyPort(), 16, false)) {
			InetSocketAddress taken = new InetSocketAddress(LOOPBACK, port(first));
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> ReloadableSockets.createReloadableSocket(taken, 16, false).close());
			assertThat(first.isOpen()).isTrue();
		}
	}

	@Test
	void secondBindWithReusePortFailsWhenTheFirstDidNotAskForIt() throws IOException {
		assumeTrue(ReloadableSockets.isReusePortSupported());
		try (ServerSocketChannel first = ReloadableSockets.createReloadableSocket(anyPort(), 16, false)) {
			InetSocketAddress taken = new InetSocketAddress(LOOPBACK, port(first));
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> ReloadableSockets.createReloadableSocket(taken, 16, true).close());
		}
	}

	@Test
	void twoSocketsAskingForReusePortShareThePort() throws IOException {
		assumeTrue(ReloadableSockets.isReusePortSupported());
		try (ServerSocketChannel first = ReloadableSockets.createReloadableSocket(anyPort(), 16, true);
				ServerSocketChannel second = ReloadableSockets
					.createReloadableSocket(new InetSocketAddress(LOOPBACK, port(first)), 16, true)) {
			assertThat(port(second)).isEqualTo(port(first));
		}
	}

	@Test
	void portCanBeBoundAgainRightAfterItsSocketClosesWithConnectionsInTimeWait() throws IOException {
		int port;
		try (ServerSocketChannel first = ReloadableSockets.createReloadableSocket(anyPort(), 16, false)) {
			port = port(first);
			try (Socket client = new Socket(LOOPBACK, port); SocketChannel accepted = first.accept()) {
				// The server side closes first, so its end of the connection lingers in TIME_WAIT.
				accepted.close();
				InputStream in = client.getInputStream();
				client.setSoTimeout(5000);
				assertThat(in.read()).isEqualTo(-1);
			}
		}
		try (ServerSocketChannel again = ReloadableSockets.createReloadableSocket(new InetSocketAddress(LOOPBACK, port),
				16, false); Socket client = new Socket(LOOPBACK, port); SocketChannel accepted = again.accept()) {
			assertThat(port(again)).isEqualTo(port);
			OutputStream out = client.getOutputStream();
			out.write(7);
			ByteBuffer buffer = ByteBuffer.allocate(1);
			assertThat(accepted.read(buffer)).isEqualTo(1);
		}
	}

	@Test
	void hotReloadIsSupportedOnThisJvm() {
		assertThat(ReloadableSockets.isHotReloadSupported()).isTrue();
	}

	@Test
	void reusePortSupportMatchesWhatServerSocketsOffer() throws IOException {
		boolean offered;
		try (ServerSocket probe = new ServerSocket()) {
			offered = probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		assertThat(ReloadableSockets.isReusePortSupported()).isEqualTo(offered);
		if (System.getProperty("os.name").toLowerCase().contains("linux")) {
			assertThat(ReloadableSockets.isReusePortSupported()).isTrue();
		}
	}

	private static InetSocketAddress anyPort() {
		return new InetSocketAddress(LOOPBACK, 0);
	}

	private static int port(ServerSocketChannel channel) throws IOException {
		return ((InetSocketAddress) channel.getLocalAddress()).getPort();
	}

}
