package dev.hotreload.context;

import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

import dev.hotreload.drain.Drainable;

/**
 * What a generation's web server offers to the shared listeners and to the drain.
 */
public interface GenerationConnector extends Drainable {

	/**
	 * Takes a connection slot, waiting while the server is at its connection limit.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void reserveConnection() throws InterruptedException;

	/**
	 * Gives back an unused slot taken by {@link #reserveConnection()}.
	 */
	void releaseConnection();

	/**
	 * Serves an accepted connection in a slot taken by {@link #reserveConnection()}.
	 * @param connection the connection
	 */
	void serve(SocketChannel connection);

	/**
	 * Serves a connection that another connector handed over still open, in a slot taken
	 * by {@link #reserveConnection()}, going on where that connector left it. A connection
	 * this connector cannot go on with is closed.
	 * @param connection the connection
	 * @param carried what the other connector handed along with it (the TLS session of an
	 * encrypted connection), or {@code null} for nothing
	 */
	default void serveMoved(SocketChannel connection, @Nullable Object carried) {
		serve(connection);
	}

	/**
	 * Whether the connections of {@code other} can go on here unchanged once they move:
	 * both plain, say, or both TLS with the same configuration.
	 * @param other the connector the connections would move from
	 * @return {@code true} if they can
	 */
	default boolean canContinue(GenerationConnector other) {
		return true;
	}

	/**
	 * Whether its connections are plain (no TLS): only those can move to another process,
	 * since a TLS session cannot leave its JVM.
	 * @return {@code true} if they are known to be plain
	 */
	default boolean isPlain() {
		return false;
	}

	/**
	 * Ends keep-alive: each later response closes its connection, which moves the client
	 * to the current generation at its next request.
	 */
	void stopKeepAlive();

	/**
	 * Starts draining by migration: from now on every connection between requests is
	 * handed, still open, to the serving connector, and a busy one when its request ends.
	 * @return {@code false} if this connector cannot migrate (no other connector serves,
	 * or that one cannot {@linkplain #canContinue continue} this one's connections): it
	 * should {@link #stopKeepAlive()} instead
	 */
	default boolean startMigrating() {
		return false;
	}

	/**
	 * Tells each HTTP/2 connection to go away (GOAWAY): its streams in flight finish, its
	 * client opens new streams on a new connection. One that has had its GOAWAY for a
	 * moment and has no stream open is closed, gracefully. Called when the generation's
	 * going-away policy says (at drain start, or after its grace) and at each later check
	 * of the drain, which also finds connections upgraded since; cheap enough for that.
	 * HTTP/1.1 connections and WebSocket upgrades are not touched.
	 */
	default void goAwayHttp2() {
	}

	/**
	 * Hands over the connections idle now; the ones that become idle later move by
	 * themselves once {@link #startMigrating()} was called. Cheap enough to call every few
	 * milliseconds while draining.
	 */
	default void migrateIdleConnections() {
	}

	/**
	 * Connections handed to another connector since {@link #startMigrating()}.
	 * @return how many
	 */
	default int migratedConnections() {
		return 0;
	}

	/**
	 * Undoes {@link #startMigrating()} and {@link #stopKeepAlive()}: this connector's
	 * generation serves again (a rollback).
	 */
	default void resumeServing() {
	}

	/**
	 * Closes every connection now, in-flight requests included: the drain timed out.
	 */
	void forceClose();

	int openConnections();

	int inFlightRequests();

	/**
	 * Responses this connector's generation has sent.
	 * @return how many since it started
	 */
	default long responses() {
		return 0;
	}

	/**
	 * Of {@link #responses()}, those with a 5xx status.
	 * @return how many since it started
	 */
	default long serverErrors() {
		return 0;
	}

	@Override
	default boolean isDrained() {
		return openConnections() == 0;
	}

}
