package dev.hotreload.context;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Hands each accepted connection to the current generation's connector. The switch and
 * the hand-off share one lock, so once {@link #switchTo} returns no connection reaches
 * the previous connector; waiting for a connection slot happens outside the lock, so a
 * busy old generation never holds up a switch.
 */
final class ConnectionRouter implements Consumer<SocketChannel> {

	private final Object lock = new Object();

	private volatile @Nullable GenerationConnector current;

	void switchTo(@Nullable GenerationConnector next) {
		synchronized (this.lock) {
			this.current = next;
		}
	}

	@Nullable GenerationConnector current() {
		return this.current;
	}

	@Override
	public void accept(SocketChannel connection) {
		route(connection, false, null);
	}

	/**
	 * Hands a connection that another connector gave up, still open, to the current
	 * connector, which goes on with it.
	 * @param connection the connection
	 * @param carried what the other connector handed along with it, or {@code null}
	 */
	void acceptMoved(SocketChannel connection, @Nullable Object carried) {
		route(connection, true, carried);
	}

	private void route(SocketChannel connection, boolean moved, @Nullable Object carried) {
		while (true) {
			GenerationConnector target = this.current;
			if (target == null) {
				close(connection);
				return;
			}
			try {
				target.reserveConnection();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close(connection);
				return;
			}
			synchronized (this.lock) {
				if (target == this.current) {
					if (moved) {
						target.serveMoved(connection, carried);
					}
					else {
						target.serve(connection);
					}
					return;
				}
			}
			target.releaseConnection();
		}
	}

	static void close(SocketChannel connection) {
		try {
			connection.close();
		}
		catch (IOException ex) {
			// The connection is gone either way.
		}
	}

}
