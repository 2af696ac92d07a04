package dev.hotreload.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

import dev.hotreload.listener.SharedListener;
import dev.hotreload.context.Generation;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.context.ReloadableApplication;

/**
 * Makes a generation's embedded Tomcat serve the application's shared listener instead
 * of binding a port of its own. Runs after Spring Boot's customizers, so it sees the final
 * {@code server.port} and {@code server.address}.
 */
public class TomcatGenerationCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final String name;

	private final ReloadableApplication application;

	private final Generation generation;

	private final ReloadSettings settings;

	private final @Nullable String generationHeader;

	/**
	 * Creates a customizer for one generation's server.
	 * @param name what the server is: {@code server}, or {@code management} on its own port
	 * @param application the running application
	 * @param generation the generation whose Tomcat this customizes
	 * @param settings the generation's settings
	 * @param generationHeader the response header that names the generation, or
	 * {@code null} for none
	 */
	public TomcatGenerationCustomizer(String name, ReloadableApplication application, Generation generation,
			ReloadSettings settings, @Nullable String generationHeader) {
		this.name = name;
		this.application = application;
		this.generation = generation;
		this.settings = settings;
		this.generationHeader = generationHeader;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (factory.getPort() < 0) {
			return;
		}
		InetSocketAddress requested = (factory.getAddress() != null)
				? new InetSocketAddress(factory.getAddress(), factory.getPort())
				: new InetSocketAddress(factory.getPort());
		GenerationRequestValve requests = new GenerationRequestValve(this.generation.number(),
				this.generationHeader);
		factory.setProtocol(AdoptingHttp11NioProtocol.class.getName());
		factory.addContextValves(requests);
		factory.addConnectorCustomizers((connector) -> {
			if (!(connector.getProtocolHandler() instanceof AdoptingHttp11NioProtocol protocol)) {
				throw new IllegalStateException("hotreload needs its own Tomcat protocol, but the connector uses "
						+ connector.getProtocolHandler().getClass().getName());
			}
			Http2GoAway.configure(connector);
			SharedListener listener = sharedListener(requested);
			protocol.adoptingEndpoint().attach(listener);
			this.generation.attach(new TomcatGenerationConnector(connector, protocol, requests,
					this.application.handOffFor(listener)), listener);
		});
	}

	private SharedListener sharedListener(InetSocketAddress requested) {
		try {
			return this.application.listenerFor(this.name, requested, this.settings);
		}
		catch (BindException ex) {
			throw new PortInUseException(requested.getPort(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind a shared listener on " + requested, ex);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
