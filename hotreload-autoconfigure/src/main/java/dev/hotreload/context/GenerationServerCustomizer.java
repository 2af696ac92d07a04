package dev.hotreload.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;

/**
 * What every server's generation customizer shares: it runs after Spring Boot's customizers,
 * so it sees the final {@code server.port} and {@code server.address}; it leaves a server
 * that does not listen ({@code port < 0}) alone; and it gets the shared listener for that
 * address from the application, which binds it once and reuses it in every generation.
 * Each server's subclass makes its server serve that listener instead of binding a port.
 *
 * @param <F> the server's factory
 */
public abstract class GenerationServerCustomizer<F extends AbstractConfigurableWebServerFactory>
		implements WebServerFactoryCustomizer<F>, Ordered {

	private final String name;

	private final ReloadableApplication application;

	private final Generation generation;

	private final ReloadSettings settings;

	private final @Nullable String generationHeader;

	/**
	 * Creates a customizer for one generation's server.
	 * @param name what the server is: {@code server}, or {@code management} on its own port
	 * @param application the running application
	 * @param generation the generation whose server this customizes
	 * @param settings the generation's settings
	 * @param generationHeader the response header that names the generation, or
	 * {@code null} for none
	 */
	protected GenerationServerCustomizer(String name, ReloadableApplication application, Generation generation,
			ReloadSettings settings, @Nullable String generationHeader) {
		this.name = name;
		this.application = application;
		this.generation = generation;
		this.settings = settings;
		this.generationHeader = generationHeader;
	}

	@Override
	public final void customize(F factory) {
		if (factory.getPort() < 0) {
			return;
		}
		InetSocketAddress requested = (factory.getAddress() != null)
				? new InetSocketAddress(factory.getAddress(), factory.getPort())
				: new InetSocketAddress(factory.getPort());
		serveSharedListener(factory, requested);
	}

	/**
	 * Makes the factory's server serve the shared listener for the requested address.
	 * @param factory the server's factory
	 * @param requested the address the server would bind
	 */
	protected abstract void serveSharedListener(F factory, InetSocketAddress requested);

	/**
	 * The application's shared listener for an address, bound the first time.
	 * @param requested the address
	 * @return the listener
	 * @throws PortInUseException if the port is taken
	 */
	protected final SharedListener sharedListener(InetSocketAddress requested) {
		try {
			return this.application.serverListeners().listenerFor(this.name, requested, this.settings);
		}
		catch (BindException ex) {
			throw new PortInUseException(requested.getPort(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind a shared listener on " + requested, ex);
		}
	}

	/**
	 * Where a connector of a shared listener hands its keep-alive connections when its
	 * generation drains by migration.
	 * @param listener the shared listener
	 * @return the hand-off
	 */
	protected final ConnectionHandOff handOffFor(SharedListener listener) {
		return this.application.serverListeners().handOffFor(listener);
	}

	protected final Generation generation() {
		return this.generation;
	}

	protected final @Nullable String generationHeader() {
		return this.generationHeader;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
