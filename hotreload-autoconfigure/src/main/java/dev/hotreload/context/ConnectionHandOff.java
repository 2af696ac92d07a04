package dev.hotreload.context;

import java.nio.channels.SocketChannel;

/**
 * Where an old generation hands its open keep-alive connections when it drains by
 * migration: the connector serving its shared listener now.
 */
public interface ConnectionHandOff {

	/**
	 * Whether a connection of {@code from} can be handed over now: another connector serves
	 * and the application is not shutting down. A connection is only detached from its old
	 * connector after this answered {@code true}.
	 * @param from the connector the connection belongs to
	 * @return {@code true} if {@link #handOff} would give it to another connector
	 */
	boolean canTakeFrom(GenerationConnector from);

	/**
	 * Gives a connection, detached from its old connector and still open, to the serving
	 * connector as if it had just been accepted; closes it if nothing serves any more.
	 * @param connection the connection
	 */
	void handOff(SocketChannel connection);

}
