package dev.hotreload.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;

/**
 * Makes a generation's embedded Jetty serve the application's shared listener instead of
 * binding a port of its own. Runs after Spring Boot's customizers, so it sees the final
 * {@code server.port} and {@code server.address}; the connector it puts in place of
 * Spring Boot's goes in before every other Jetty server customizer, so that those (the
 * {@code server.jetty.*} properties) apply to it.
 */
public class JettyGenerationCustomizer implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, Ordered {

	private final String name;

	private final ReloadableApplication application;

	private final Generation generation;

	private final ReloadSettings settings;

	private final @Nullable String generationHeader;

	/**
	 * Creates a customizer for one generation's server.
	 * @param name what the server is: {@code server}, or {@code management} on its own port
	 * @param application the running application
	 * @param generation the generation whose Jetty this customizes
	 * @param settings the generation's settings
	 * @param generationHeader the response header that names the generation, or
	 * {@code null} for none
	 */
	public JettyGenerationCustomizer(String name, ReloadableApplication application, Generation generation,
			ReloadSettings settings, @Nullable String generationHeader) {
		this.name = name;
		this.application = application;
		this.generation = generation;
		this.settings = settings;
		this.generationHeader = generationHeader;
	}

	@Override
	public void customize(JettyServletWebServerFactory factory) {
		if (factory.getPort() < 0) {
			return;
		}
		InetSocketAddress requested = (factory.getAddress() != null)
				? new InetSocketAddress(factory.getAddress(), factory.getPort())
				: new InetSocketAddress(factory.getPort());
		List<JettyServerCustomizer> customizers = new ArrayList<>();
		customizers.add((server) -> adopt(server, requested));
		customizers.addAll(factory.getServerCustomizers());
		factory.setServerCustomizers(customizers);
	}

	/**
	 * Puts an adopting connector in place of the one Spring Boot created, with its
	 * protocols, and the generation's request handler around the server's handler.
	 */
	private void adopt(Server server, InetSocketAddress requested) {
		Connector[] connectors = server.getConnectors();
		if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector created)) {
			throw new IllegalStateException("hotreload expects Spring Boot's one Jetty ServerConnector, found "
					+ List.of(connectors));
		}
		SharedListener listener = sharedListener(requested);
		AdoptingServerConnector connector = new AdoptingServerConnector(server, listener,
				created.getSelectorManager().getSelectorCount(),
				created.getConnectionFactories().toArray(ConnectionFactory[]::new));
		connector.setHost(created.getHost());
		connector.setPort(listener.localAddress().getPort());
		connector.setIdleTimeout(created.getIdleTimeout());
		server.setConnectors(new Connector[] { connector });
		GenerationRequestHandler requests = new GenerationRequestHandler(this.generation.number(),
				this.generationHeader, connector::isKeepAliveStopped);
		requests.setHandler(server.getHandler());
		server.setHandler(requests);
		this.generation.attach(new JettyGenerationConnector(connector, requests, this.application.handOffFor(listener)),
				listener);
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
