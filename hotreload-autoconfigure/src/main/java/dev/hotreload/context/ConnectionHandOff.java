package dev.hotreload.context;

import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * Where an old generation hands its open keep-alive connections when it drains by
 * migration: the connector serving its shared listener now.
 */
public interface ConnectionHandOff {

	/**
	 * Whether a connection of {@code from} can be handed over now: another connector serves,
	 * it can {@linkplain GenerationConnector#canContinue continue} the connections of
	 * {@code from}, and the application is not shutting down. A connection is only detached from its old
	 * connector after this answered {@code true}.
	 * @param from the connector the connection belongs to
	 * @return {@code true} if {@link #handOff} would give it to another connector
	 */
	boolean canTakeFrom(GenerationConnector from);

	/**
	 * Gives a connection, detached from its old connector and still open, to the serving
	 * connector, which goes on with it ({@link GenerationConnector#serveMoved}); closes it
	 * if nothing serves any more.
	 * @param connection the connection
	 * @param carried what the old connector hands along with it (the TLS session of an
	 * encrypted connection), or {@code null} for nothing
	 */
	void handOff(SocketChannel connection, @Nullable Object carried);

	/**
	 * The connectors handing over serve again (a worker that stood by for a rollback): the
	 * next hand-off finds where to go anew, as the first one did.
	 */
	default void forgetTarget() {
	}

}
