package dev.hotreload.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router gives each real connection to the connector current when it is served, never
 * to one replaced before, balances every reservation, and closes what nobody can take.
 */
class ConnectionRouterTests {

	private static final long WAIT_SECONDS = 10;

	private static final int CONCURRENT_CONNECTIONS = 1000;

	private static final int MIN_SWITCHES = 20;

	private final ConnectionRouter router = new ConnectionRouter();

	private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

	private ServerSocketChannel server;

	private ExecutorService executor;

	@BeforeEach
	void openServer() throws IOException {
		this.server = ServerSocketChannel.open();
		this.server.bind(new InetSocketAddress("127.0.0.1", 0), 256);
		this.executor = Executors.newCachedThreadPool();
	}

	@AfterEach
	void closeEverything() throws Exception {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
		this.server.close();
	}

	@Test
	void withNoConnectorTheConnectionIsClosed() throws IOException {
		Connection connection = connect();
		assertThat(this.router.current()).isNull();
		this.router.accept(connection.server());
		assertThat(connection.server().isOpen()).isFalse();
		assertThat(connection.clientSeesEndOfStream()).isTrue();
	}

	@Test
	void connectionGoesToTheCurrentConnector() throws IOException {
		RecordingConnector connector = new RecordingConnector(this.router);
		this.router.switchTo(connector);
		assertThat(this.router.current()).isSameAs(connector);
		Connection connection = connect();
		this.router.accept(connection.server());
		assertThat(connector.served()).containsExactly(connection.server());
		assertThat(connector.reserves()).isEqualTo(1);
		assertThat(connector.serves()).isEqualTo(1);
		assertThat(connector.releases()).isZero();
		assertThat(connection.server().isOpen()).isTrue();
		assertThat(connector.servedWhileNotCurrent()).isZero();
	}

	@Test
	void afterASwitchNewConnectionsGoToTheNextConnector() throws IOException {
		RecordingConnector first = new RecordingConnector(this.router);
		RecordingConnector second = new RecordingConnector(this.router);
		this.router.switchTo(first);
		Connection before = connect();
		this.router.accept(before.server());
		this.router.switchTo(second);
		assertThat(this.router.current()).isSameAs(second);
		Connection after1 = connect();
		Connection after2 = connect();
		this.router.accept(after1.server());
		this.router.accept(after2.server());
		assertThat(first.served()).containsExactly(before.server());
		assertThat(second.served()).containsExactly(after1.server(), after2.server());
		assertThat(first.reserves()).isEqualTo(1);
		assertThat(second.reserves()).isEqualTo(2);
		assertThat(before.server().isOpen()).as("a switch leaves served connections alone").isTrue();
	}

	@Test
	void afterSwitchingToNoConnectorConnectionsAreClosed() throws IOException {
		RecordingConnector connector = new RecordingConnector(this.router);
		this.router.switchTo(connector);
		this.router.switchTo(null);
		assertThat(this.router.current()).isNull();
		Connection connection = connect();
		this.router.accept(connection.server());
		assertThat(connection.server().isOpen()).isFalse();
		assertThat(connection.clientSeesEndOfStream()).isTrue();
		assertThat(connector.reserves()).isZero();
		assertThat(connector.serves()).isZero();
	}

	@Test
	void switchDuringAReservationMovesTheConnectionToTheNextConnector() throws Exception {
		CountDownLatch reserving = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		RecordingConnector busy = new RecordingConnector(this.router, () -> {
			reserving.countDown();
			proceed.await();
		});
		RecordingConnector next = new RecordingConnector(this.router);
		this.router.switchTo(busy);
		Connection connection = connect();
		Future<?> handoff = this.executor.submit(() -> this.router.accept(connection.server()));
		assertThat(reserving.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
		// The busy connector holds the hand-off in its reservation: the switch must not wait.
		this.executor.submit(() -> this.router.switchTo(next)).get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(handoff.isDone()).isFalse();
		proceed.countDown();
		handoff.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(busy.reserves()).isEqualTo(1);
		assertThat(busy.releases()).isEqualTo(1);
		assertThat(busy.serves()).isZero();
		assertThat(next.reserves()).isEqualTo(1);
		assertThat(next.served()).containsExactly(connection.server());
		assertThat(next.releases()).isZero();
		assertThat(connection.server().isOpen()).isTrue();
	}

	@Test
	void switchToNoConnectorDuringAReservationClosesTheConnection() throws Exception {
		CountDownLatch reserving = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		RecordingConnector busy = new RecordingConnector(this.router, () -> {
			reserving.countDown();
			proceed.await();
		});
		this.router.switchTo(busy);
		Connection connection = connect();
		Future<?> handoff = this.executor.submit(() -> this.router.accept(connection.server()));
		assertThat(reserving.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
		this.router.switchTo(null);
		proceed.countDown();
		handoff.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(busy.reserves()).isEqualTo(1);
		assertThat(busy.releases()).isEqualTo(1);
		assertThat(busy.serves()).isZero();
		assertThat(connection.server().isOpen()).isFalse();
		assertThat(connection.clientSeesEndOfStream()).isTrue();
	}

	@Test
	void interruptedReservationClosesTheConnectionAndKeepsTheInterrupt() throws Exception {
		RecordingConnector connector = new RecordingConnector(this.router, () -> {
			throw new InterruptedException("shutting down");
		});
		this.router.switchTo(connector);
		Connection connection = connect();
		AtomicBoolean interruptedAfter = new AtomicBoolean();
		this.executor.submit(() -> {
			this.router.accept(connection.server());
			interruptedAfter.set(Thread.interrupted());
		}).get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(interruptedAfter).isTrue();
		assertThat(connection.server().isOpen()).isFalse();
		assertThat(connector.serves()).isZero();
		assertThat(connector.releases()).isZero();
	}

	@Test
	void concurrentSwitchesNeverServeThroughAReplacedConnector() throws Exception {
		InetSocketAddress address = (InetSocketAddress) this.server.getLocalAddress();
		List<RecordingConnector> connectors = new CopyOnWriteArrayList<>();
		Map<RecordingConnector, Integer> servesWhenReplaced = Collections.synchronizedMap(new IdentityHashMap<>());
		Set<SocketChannel> handedOff = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
		AtomicInteger switches = new AtomicInteger();
		AtomicBoolean handoffDone = new AtomicBoolean();
		AtomicBoolean switcherDone = new AtomicBoolean();
		CountDownLatch startGate = new CountDownLatch(1);
		RecordingConnector initial = RecordingConnector.pausing(this.router);
		connectors.add(initial);
		this.router.switchTo(initial);

		Future<?> handoff = this.executor.submit(() -> {
			startGate.await();
			try {
				// Goes on until the switcher switched a few times, however the threads are scheduled.
				for (int i = 0; i < CONCURRENT_CONNECTIONS
						|| (switches.get() < MIN_SWITCHES && !switcherDone.get()); i++) {
					try (SocketChannel client = SocketChannel.open(address);
							SocketChannel connection = this.server.accept()) {
						handedOff.add(connection);
						this.router.accept(connection);
						assertThat(connection.isOpen()).as("connection %d was served, not closed", i).isTrue();
					}
				}
			}
			finally {
				handoffDone.set(true);
			}
			return null;
		});
		Future<?> switcher = this.executor.submit(() -> {
			startGate.await();
			try {
				RecordingConnector previous = initial;
				while (!handoffDone.get()) {
					RecordingConnector next = RecordingConnector.pausing(this.router);
					connectors.add(next);
					this.router.switchTo(next);
					servesWhenReplaced.put(previous, previous.serves());
					switches.incrementAndGet();
					previous = next;
					LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
				}
			}
			finally {
				switcherDone.set(true);
			}
			return null;
		});
		startGate.countDown();
		handoff.get(120, TimeUnit.SECONDS);
		switcher.get(WAIT_SECONDS, TimeUnit.SECONDS);

		assertThat(switches.get()).isGreaterThanOrEqualTo(MIN_SWITCHES);
		assertThat(servesWhenReplaced).hasSize(switches.get());
		assertThat(handedOff).hasSizeGreaterThanOrEqualTo(CONCURRENT_CONNECTIONS);
		List<SocketChannel> allServed = new ArrayList<>();
		int connectorsThatServed = 0;
		for (RecordingConnector connector : connectors) {
			assertThat(connector.servedWhileNotCurrent()).as("served while another connector was current").isZero();
			assertThat(connector.reserves()).as("every reservation served or released")
				.isEqualTo(connector.serves() + connector.releases());
			Integer servesAtSwitch = servesWhenReplaced.get(connector);
			if (servesAtSwitch != null) {
				assertThat(connector.serves()).as("serves after being replaced").isEqualTo(servesAtSwitch);
			}
			allServed.addAll(connector.served());
			if (connector.serves() > 0) {
				connectorsThatServed++;
			}
		}
		assertThat(allServed).as("each connection served exactly once").hasSize(handedOff.size());
		Set<SocketChannel> distinctServed = Collections.newSetFromMap(new IdentityHashMap<>());
		distinctServed.addAll(allServed);
		assertThat(distinctServed).hasSize(handedOff.size());
		assertThat(handedOff).allMatch(distinctServed::contains);
		assertThat(connectorsThatServed).as("connections spread over several generations").isGreaterThan(1);
	}

	private Connection connect() throws IOException {
		SocketChannel client = SocketChannel.open(this.server.getLocalAddress());
		this.toClose.add(client);
		SocketChannel accepted = this.server.accept();
		this.toClose.add(accepted);
		return new Connection(client, accepted);
	}

	/**
	 * Both ends of a real loopback connection.
	 */
	private record Connection(SocketChannel client, SocketChannel server) {

		boolean clientSeesEndOfStream() throws IOException {
			this.client.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
			return this.client.socket().getInputStream().read() == -1;
		}

	}

	/**
	 * What a connector does while reserving, which may block or be interrupted.
	 */
	@FunctionalInterface
	private interface ReserveAction {

		void run() throws InterruptedException;

	}

	/**
	 * An in-memory connector that counts reservations, releases and serves, records what
	 * it served, and notes any serve while it is not the router's current connector.
	 */
	private static final class RecordingConnector implements GenerationConnector {

		private final ConnectionRouter router;

		private final ReserveAction onReserve;

		private final boolean pauseInServe;

		private final AtomicInteger reserves = new AtomicInteger();

		private final AtomicInteger releases = new AtomicInteger();

		private final AtomicInteger servedWhileNotCurrent = new AtomicInteger();

		private final List<SocketChannel> served = new CopyOnWriteArrayList<>();

		RecordingConnector(ConnectionRouter router) {
			this(router, () -> {
			});
		}

		RecordingConnector(ConnectionRouter router, ReserveAction onReserve) {
			this(router, onReserve, false);
		}

		private RecordingConnector(ConnectionRouter router, ReserveAction onReserve, boolean pauseInServe) {
			this.router = router;
			this.onReserve = onReserve;
			this.pauseInServe = pauseInServe;
		}

		/**
		 * A connector that sometimes pauses while reserving and serving, widening the
		 * windows in which a switch can overtake the hand-off.
		 */
		static RecordingConnector pausing(ConnectionRouter router) {
			AtomicInteger calls = new AtomicInteger();
			return new RecordingConnector(router, () -> {
				if (calls.incrementAndGet() % 3 == 0) {
					LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
				}
			}, true);
		}

		@Override
		public void reserveConnection() throws InterruptedException {
			this.onReserve.run();
			this.reserves.incrementAndGet();
		}

		@Override
		public void releaseConnection() {
			this.releases.incrementAndGet();
		}

		@Override
		public void serve(SocketChannel connection) {
			if (this.pauseInServe && this.served.size() % 3 == 0) {
				// A switch that does not wait for the hand-off would overtake it here.
				LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(20));
			}
			if (this.router.current() != this) {
				this.servedWhileNotCurrent.incrementAndGet();
			}
			this.served.add(connection);
		}

		@Override
		public void stopKeepAlive() {
			// Routing never asks for it.
		}

		@Override
		public void forceClose() {
			// Routing never asks for it.
		}

		@Override
		public int openConnections() {
			return this.served.size();
		}

		@Override
		public int inFlightRequests() {
			return 0;
		}

		int reserves() {
			return this.reserves.get();
		}

		int releases() {
			return this.releases.get();
		}

		int serves() {
			return this.served.size();
		}

		List<SocketChannel> served() {
			return this.served;
		}

		int servedWhileNotCurrent() {
			return this.servedWhileNotCurrent.get();
		}

	}

}
