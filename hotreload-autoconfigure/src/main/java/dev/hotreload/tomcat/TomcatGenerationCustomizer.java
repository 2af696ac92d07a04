package dev.hotreload.tomcat;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationServerCustomizer;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;

/**
 * Makes a generation's embedded Tomcat serve the application's shared listener instead
 * of binding a port of its own: its protocol adopts the listener's connections, and a valve
 * names the generation and counts its requests.
 */
public class TomcatGenerationCustomizer extends GenerationServerCustomizer<TomcatServletWebServerFactory> {

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
		super(name, application, generation, settings, generationHeader);
	}

	@Override
	protected void serveSharedListener(TomcatServletWebServerFactory factory, InetSocketAddress requested) {
		GenerationRequestValve requests = new GenerationRequestValve(generation().number(), generationHeader());
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
			generation().attach(new TomcatGenerationConnector(connector, protocol, requests, handOffFor(listener)),
					listener);
		});
	}

}
