package dev.hotreload.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * A connection's endpoint that can leave Jetty with its socket still open. Jetty reads a
 * connection only through {@link #fill}, which takes this endpoint's lock: once the
 * endpoint is {@linkplain #claimIfIdle claimed} under that lock, every later read finds
 * the end of the stream, and closing the endpoint leaves the socket alone, so whatever
 * Jetty still does with it (a selection already under way, the idle timeout) ends in a
 * close that only Jetty sees.
 *
 * <p>It is idle when the thread that served its last request found nothing more to do
 * and asked to be told of the next bytes, or, while connections move, reads for the next
 * request: an HTTP/1.1 connection (not upgraded), no request, nothing read and not yet
 * parsed, nothing being written. That thread checks this itself, so it sees Jetty's state
 * as Jetty left it.
 */
final class MigratableEndPoint extends SocketChannelEndPoint {

	private final ReentrantLock lock = new ReentrantLock();

	private final KeepAliveHandOver handOver;

	private volatile SelectionKey key;

	// Guarded by the lock: set when Jetty waits for the next request, cleared by a read.
	private boolean idle;

	private boolean closing;

	private volatile boolean claimed;

	MigratableEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
			KeepAliveHandOver handOver) {
		super(channel, selector, key, scheduler);
		this.key = key;
		this.handOver = handOver;
	}

	/**
	 * Reads for Jetty. A connection between requests moves first if connections are
	 * moving: Jetty, when it kept its request buffer (a request whose body the application
	 * read), reads on after the response without asking to be told of the next bytes, and
	 * would serve a next request already there, though the reload this generation answered
	 * said another one serves.
	 */
	@Override
	public int fill(ByteBuffer buffer) throws IOException {
		if (this.handOver.isActive() && becameIdle()) {
			return -1;
		}
		this.lock.lock();
		try {
			if (this.claimed) {
				return -1;
			}
			int filled = super.fill(buffer);
			if (filled != 0) {
				this.idle = false;
			}
			return filled;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Where the connection's thread waits for the next request: an idle connection moves
	 * now if its generation drains by migration.
	 */
	@Override
	public void fillInterested(Callback callback) {
		if (!becameIdle()) {
			super.fillInterested(callback);
		}
	}

	@Override
	public boolean tryFillInterested(Callback callback) {
		return becameIdle() || super.tryFillInterested(callback);
	}

	/**
	 * Marks the connection idle if it is between requests, and hands it over at once if
	 * connections are moving.
	 * @return {@code true} if it moved
	 */
	private boolean becameIdle() {
		if (!isBetweenRequests()) {
			return false;
		}
		this.lock.lock();
		try {
			this.idle = true;
		}
		finally {
			this.lock.unlock();
		}
		return this.handOver.isActive() && this.handOver.tryMove(this);
	}

	private boolean isBetweenRequests() {
		return getConnection() instanceof HttpConnection http && http.getHttpChannel().getRequest() == null
				&& http.isRequestBufferEmpty() && http.getParser().isStart() && http.getGenerator().isIdle();
	}

	/**
	 * Takes the socket from Jetty if the connection is idle: from now on Jetty reads
	 * nothing more from it and does not close it.
	 * @return {@code true} if claimed
	 */
	boolean claimIfIdle() {
		this.lock.lock();
		try {
			if (!this.idle || this.closing || this.claimed || !getChannel().isOpen()) {
				return false;
			}
			this.claimed = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isClaimed() {
		return this.claimed;
	}

	@Nullable SelectionKey selectionKey() {
		return this.key;
	}

	@Override
	public void replaceKey(SelectionKey newKey) {
		super.replaceKey(newKey);
		this.key = newKey;
	}

	@Override
	public boolean isOpen() {
		return !this.claimed && super.isOpen();
	}

	@Override
	protected void doShutdownOutput() {
		if (!this.claimed) {
			super.doShutdownOutput();
		}
	}

	@Override
	public void doClose() {
		this.lock.lock();
		try {
			this.closing = true;
		}
		finally {
			this.lock.unlock();
		}
		if (!this.claimed) {
			super.doClose();
		}
	}

}
