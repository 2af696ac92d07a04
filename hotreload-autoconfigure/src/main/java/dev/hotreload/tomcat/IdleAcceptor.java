package dev.hotreload.tomcat;

import java.nio.channels.SocketChannel;

import org.apache.tomcat.util.net.Acceptor;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * An acceptor that is never started: the shared listener accepts instead. Tomcat calls
 * {@code stopMillis} on an endpoint's acceptor when it stops, so one must exist.
 */
final class IdleAcceptor extends Acceptor<SocketChannel> {

	IdleAcceptor(NioEndpoint endpoint) {
		super(endpoint);
	}

	@Override
	public void run() {
		throw new UnsupportedOperationException("Connections are accepted by the shared listener");
	}

	@Override
	public void stopMillis(int waitMilliseconds) {
		// Never started, so there is nothing to wait for.
	}

}
