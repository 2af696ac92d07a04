package dev.hotreload.jetty;

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

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationServerCustomizer;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;

/**
 * Makes a generation's embedded Jetty serve the application's shared listener instead of
 * binding a port of its own. The connector it puts in place of
 * Spring Boot's goes in before every other Jetty server customizer, so that those (the
 * {@code server.jetty.*} properties) apply to it.
 */
public class JettyGenerationCustomizer extends GenerationServerCustomizer<JettyServletWebServerFactory> {

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
		super(name, application, generation, settings, generationHeader);
	}

	@Override
	protected void serveSharedListener(JettyServletWebServerFactory factory, InetSocketAddress requested) {
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
		GenerationRequestHandler requests = new GenerationRequestHandler(generation().number(),
				generationHeader(), connector::isKeepAliveStopped);
		requests.setHandler(server.getHandler());
		server.setHandler(requests);
		generation().attach(new JettyGenerationConnector(connector, requests, handOffFor(listener)), listener);
	}

}
