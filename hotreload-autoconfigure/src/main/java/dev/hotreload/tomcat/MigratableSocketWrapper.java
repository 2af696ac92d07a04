package dev.hotreload.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;

/**
 * A connection that, while its endpoint migrates, does not read the next request at the
 * keep-alive boundary. Tomcat's HTTP/1.1 processor answers requests in a loop as long as
 * it finds the next one: a client that always has its next request on the wire would stay
 * with the old generation. Answering "nothing yet" to that read makes the processor leave
 * its loop with {@code OPEN}, the connection moves, and the new generation reads the
 * request from the socket. Only when nothing of the next request has been read (the
 * processor's buffer is empty and so is this connection's): bytes already read, a
 * pipelined request, are answered here first, and nothing read can be left behind
 * (over TLS, neither can records not decrypted yet).
 */
final class MigratableSocketWrapper extends NioSocketWrapper {

	private final KeepAliveMigration migration;

	MigratableSocketWrapper(NioChannel channel, NioEndpoint endpoint, KeepAliveMigration migration) {
		super(channel, endpoint);
		this.migration = migration;
	}

	@Override
	public int read(boolean block, ByteBuffer to) throws IOException {
		if (!block && to.position() == 0 && this.migration.isActive() && KeepAliveBoundary.isAnswered()
				&& getSocketBufferHandler().isReadBufferEmpty() && !hasEncryptedInput()) {
			return 0;
		}
		return super.read(block, to);
	}

	/**
	 * Whether TLS records read off the socket wait, still encrypted, in the channel: they
	 * are read and answered here, since nothing on the socket would wake the connection
	 * up for them.
	 */
	private boolean hasEncryptedInput() {
		return getSocket() instanceof MigratableSecureNioChannel secure && secure.hasEncryptedInput();
	}

}
