package dev.hotreload.tomcat;

import java.nio.channels.SocketChannel;

import dev.hotreload.reload.GenerationConnector;

/**
 * A generation's Tomcat connector as the shared listeners and the drain see it.
 */
final class TomcatGenerationConnector implements GenerationConnector {

	private final AdoptingHttp11NioProtocol protocol;

	private final GenerationRequestValve inFlightRequests;

	TomcatGenerationConnector(AdoptingHttp11NioProtocol protocol, GenerationRequestValve inFlightRequests) {
		this.protocol = protocol;
		this.inFlightRequests = inFlightRequests;
	}

	@Override
	public void reserveConnection() throws InterruptedException {
		this.protocol.adoptingEndpoint().reserveConnection();
	}

	@Override
	public void releaseConnection() {
		this.protocol.adoptingEndpoint().releaseConnection();
	}

	@Override
	public void serve(SocketChannel connection) {
		this.protocol.adoptingEndpoint().serve(connection);
	}

	/**
	 * Tomcat reads this limit at every request: at 1 the response carries
	 * {@code Connection: close}. Unlike {@code pause()}, which answers requests on idle
	 * keep-alive connections with 503, every request is still served.
	 */
	@Override
	public void stopKeepAlive() {
		this.protocol.setMaxKeepAliveRequests(1);
	}

	@Override
	public int openConnections() {
		return this.protocol.adoptingEndpoint().openConnections();
	}

	@Override
	public int inFlightRequests() {
		return this.inFlightRequests.inFlight();
	}

}
