package dev.hotreload.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A shared listener binds once, hands every real connection to its consumer from one
 * acceptor thread, closes connections nobody takes, and stops accepting when closed.
 */
class SharedListenerTests {

	private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

	private static final long WAIT_SECONDS = 10;

	private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

	private SharedListener listener;

	@BeforeEach
	void bindListener() throws IOException {
		this.listener = SharedListener.bind("server", ANY_PORT, 50, false);
	}

	@AfterEach
	void closeEverything() throws Exception {
		this.listener.close();
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
	}

	@Test
	void bindingPortZeroReportsTheRealPort() throws IOException {
		assertThat(this.listener.requestedAddress()).isEqualTo(ANY_PORT);
		assertThat(this.listener.localAddress().getPort()).isPositive();
		assertThat(this.listener.localAddress().getAddress()).isEqualTo(ANY_PORT.getAddress());
		assertThat(this.listener.channel().getLocalAddress()).isEqualTo(this.listener.localAddress());
		assertThat(this.listener.isOpen()).isTrue();
		assertThat(this.listener.toString()).contains(String.valueOf(port()));
	}

	@Test
	void bindingATakenPortFails() {
		InetSocketAddress taken = new InetSocketAddress("127.0.0.1", port());
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> SharedListener.bind("server", taken, 50, false).close());
		assertThat(this.listener.isOpen()).isTrue();
	}

	@Test
	void handsEachAcceptedConnectionToTheConsumer() throws Exception {
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		this.listener.startAccepting(handedOff::add);
		for (int i = 0; i < 5; i++) {
			Socket client = connect();
			SocketChannel connection = take(handedOff);
			assertThat(((InetSocketAddress) connection.getRemoteAddress()).getPort())
				.isEqualTo(client.getLocalPort());
			assertRoundTrip(client, connection, i);
		}
		assertThat(handedOff).isEmpty();
	}

	@Test
	void connectionsQueuedBeforeAcceptingStartsAreHandedOff() throws Exception {
		Socket first = connect();
		Socket second = connect();
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		this.listener.startAccepting(handedOff::add);
		List<Integer> remotePorts = List.of(remotePort(take(handedOff)), remotePort(take(handedOff)));
		assertThat(remotePorts).containsExactlyInAnyOrder(first.getLocalPort(), second.getLocalPort());
	}

	@Test
	void startAcceptingTwiceKeepsTheFirstConsumerAndOneAcceptor() throws Exception {
		BlockingQueue<SocketChannel> first = new LinkedBlockingQueue<>();
		AtomicInteger secondCalls = new AtomicInteger();
		this.listener.startAccepting(first::add);
		this.listener.startAccepting((connection) -> {
			secondCalls.incrementAndGet();
			track(connection);
		});
		for (int i = 0; i < 3; i++) {
			connect();
			take(first);
		}
		assertThat(secondCalls).hasValue(0);
		assertThat(acceptorThreads()).hasSize(1);
	}

	@Test
	void pausedListenerLeavesItsQueueToOthersAndResumes() throws Exception {
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		this.listener.startAccepting(handedOff::add);
		connect();
		take(handedOff);
		this.listener.pause();
		assertThat(this.listener.isOpen()).isTrue();
		Socket queued = connect();
		// Another process sharing the socket would take it: here, an accept of our own.
		SocketChannel takenByOther = null;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
		while (takenByOther == null && System.nanoTime() < deadline) {
			takenByOther = this.listener.channel().accept();
			Thread.sleep(10);
		}
		assertThat(takenByOther).isNotNull();
		track(takenByOther);
		assertThat(remotePort(takenByOther)).isEqualTo(queued.getLocalPort());
		assertThat(handedOff).isEmpty();
		this.listener.resume();
		Socket afterResume = connect();
		assertThat(remotePort(take(handedOff))).isEqualTo(afterResume.getLocalPort());
	}

	@Test
	void closingAPausedListenerReleasesThePort() throws Exception {
		this.listener.startAccepting(this::track);
		this.listener.pause();
		int port = port();
		this.listener.close();
		assertThat(acceptorThreads()).isEmpty();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	@Test
	void acceptorIsADaemonThreadNamedForItsPort() throws Exception {
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		this.listener.startAccepting(handedOff::add);
		connect();
		take(handedOff);
		List<Thread> acceptors = acceptorThreads();
		assertThat(acceptors).hasSize(1);
		assertThat(acceptors.get(0).isDaemon()).isTrue();
	}

	@Test
	void connectionWhoseHandoffThrowsIsClosedAndAcceptingGoesOn() throws Exception {
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		AtomicInteger calls = new AtomicInteger();
		List<SocketChannel> refused = new ArrayList<>();
		this.listener.startAccepting((connection) -> {
			if (calls.incrementAndGet() == 1) {
				synchronized (refused) {
					refused.add(connection);
				}
				throw new IllegalStateException("No generation to take it");
			}
			handedOff.add(connection);
		});
		Socket rejected = connect();
		rejected.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
		assertThat(rejected.getInputStream().read()).as("end of stream on a closed connection").isEqualTo(-1);
		synchronized (refused) {
			assertThat(refused).hasSize(1);
			assertThat(refused.get(0).isOpen()).isFalse();
		}
		Socket accepted = connect();
		SocketChannel connection = take(handedOff);
		assertThat(remotePort(connection)).isEqualTo(accepted.getLocalPort());
		assertRoundTrip(accepted, connection, 9);
	}

	@Test
	void closeStopsAcceptingAndRefusesNewConnections() throws Exception {
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		this.listener.startAccepting(handedOff::add);
		connect();
		take(handedOff);
		List<Thread> acceptors = acceptorThreads();
		assertThat(acceptors).hasSize(1);
		int port = port();
		this.listener.close();
		assertThat(this.listener.isOpen()).isFalse();
		assertThat(this.listener.channel().isOpen()).isFalse();
		assertThat(acceptors.get(0).isAlive()).as("acceptor thread ended").isFalse();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket("127.0.0.1", port).close());
		assertThat(handedOff).isEmpty();
	}

	@Test
	void closeLeavesHandedOffConnectionsOpen() throws Exception {
		BlockingQueue<SocketChannel> handedOff = new LinkedBlockingQueue<>();
		this.listener.startAccepting(handedOff::add);
		Socket client = connect();
		SocketChannel connection = take(handedOff);
		this.listener.close();
		assertThat(connection.isOpen()).isTrue();
		assertRoundTrip(client, connection, 5);
	}

	@Test
	void closeWithoutAcceptingClosesTheSocket() throws Exception {
		int port = port();
		this.listener.close();
		assertThat(this.listener.isOpen()).isFalse();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	@Test
	void closeTwiceIsHarmless() throws Exception {
		this.listener.startAccepting(this::track);
		this.listener.close();
		this.listener.close();
		assertThat(this.listener.isOpen()).isFalse();
	}

	@Test
	void closingAnAdoptedListenerReleasesItsSocketOnceAndNeverClosesTheChannel() throws Exception {
		ServerSocketChannel inherited = ServerSocketChannel.open().bind(ANY_PORT);
		this.toClose.add(inherited);
		AtomicInteger releases = new AtomicInteger();
		SharedListener adopted = SharedListener.adopt("server", inherited, releases::incrementAndGet);
		adopted.startAccepting(this::track);
		adopted.close();
		adopted.close();
		assertThat(adopted.isOpen()).isFalse();
		String acceptor = "hotreload-acceptor-server-" + adopted.localAddress().getPort();
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain(acceptor);
		assertThat(releases).hasValue(1);
		// The JDK's inherited channel would point standard output at /dev/null on close.
		assertThat(inherited.isOpen()).isTrue();
	}

	private int port() {
		return this.listener.localAddress().getPort();
	}

	private Socket connect() throws IOException {
		Socket client = new Socket("127.0.0.1", port());
		this.toClose.add(client);
		return client;
	}

	private void track(SocketChannel connection) {
		this.toClose.add(connection);
	}

	private SocketChannel take(BlockingQueue<SocketChannel> handedOff) throws InterruptedException {
		SocketChannel connection = handedOff.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(connection).as("a connection handed off within %d s", WAIT_SECONDS).isNotNull();
		track(connection);
		return connection;
	}

	private static int remotePort(SocketChannel connection) throws IOException {
		return ((InetSocketAddress) connection.getRemoteAddress()).getPort();
	}

	private List<Thread> acceptorThreads() {
		String name = "hotreload-acceptor-server-" + port();
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(name) && thread.isAlive())
			.toList();
	}

	private static void assertRoundTrip(Socket client, SocketChannel connection, int value) throws IOException {
		OutputStream out = client.getOutputStream();
		out.write(value);
		out.flush();
		ByteBuffer in = ByteBuffer.allocate(1);
		assertThat(connection.read(in)).isEqualTo(1);
		assertThat(in.get(0)).isEqualTo((byte) value);
		connection.write(ByteBuffer.wrap(new byte[] { (byte) (value + 1) }));
		client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
		InputStream reply = client.getInputStream();
		assertThat(reply.read()).isEqualTo(value + 1);
	}

}
