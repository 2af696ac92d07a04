package dev.hotreload.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * Creates listening sockets that outlive every generation, the Java form of the seed's
 * {@code create_reloadable_socket}, {@code enable_socket_reuse} and
 * {@code is_hot_reload_supported}.
 */
public final class ReloadableSockets {

	/** The seed's default accept backlog. */
	public static final int DEFAULT_BACKLOG = 2048;

	private ReloadableSockets() {
	}

	/**
	 * Opens, configures and binds a blocking listening socket.
	 * @param address the address to bind; port 0 picks a free port
	 * @param backlog the accept queue length asked of the OS
	 * @param reusePort whether to set {@code SO_REUSEPORT} where the platform has it
	 * @return the bound channel
	 * @throws IOException if the socket cannot be bound (port in use, say)
	 */
	public static ServerSocketChannel createReloadableSocket(InetSocketAddress address, int backlog, boolean reusePort)
			throws IOException {
		if (backlog < 1) {
			throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
		}
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			enableSocketReuse(channel, reusePort);
			channel.bind(address, backlog);
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * Sets {@code SO_REUSEADDR}, so a restarted process can bind while old connections
	 * linger in TIME_WAIT, and {@code SO_REUSEPORT} where the platform has it and it is
	 * asked for.
	 * @param channel an unbound channel
	 * @param reusePort whether to set {@code SO_REUSEPORT}
	 * @throws IOException if an option cannot be set
	 */
	public static void enableSocketReuse(ServerSocketChannel channel, boolean reusePort) throws IOException {
		channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		if (reusePort && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
			channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		}
	}

	/**
	 * Whether this JVM can keep a listening socket across generations: it needs a server
	 * socket channel that supports {@code SO_REUSEADDR}.
	 * @return {@code true} if hot reload is supported
	 */
	public static boolean isHotReloadSupported() {
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	/**
	 * Whether the platform offers {@code SO_REUSEPORT}.
	 * @return {@code true} if it does
	 */
	public static boolean isReusePortSupported() {
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
