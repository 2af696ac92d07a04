package dev.hotreload.process;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisor's end of the control sockets: a Unix domain socket in the supervisor's
 * private directory, which every worker connects to when it starts.
 */
final class ControlServer implements Closeable {

	private static final Log logger = LogFactory.getLog(ControlServer.class);

	private final Path path;

	private final ServerSocketChannel channel;

	private ControlServer(Path path, ServerSocketChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/**
	 * Binds the control socket and accepts workers on a daemon thread.
	 * @param path where the socket lives
	 * @param onConnection takes each worker's connection, not yet reading
	 * @return the server
	 * @throws IOException if it cannot be bound
	 */
	static ControlServer start(Path path, Consumer<ControlConnection> onConnection) throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		channel.bind(UnixDomainSocketAddress.of(path));
		ControlServer server = new ControlServer(path, channel);
		Thread acceptor = new Thread(() -> server.accept(onConnection), "hotreload-supervisor-control");
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

	private void accept(Consumer<ControlConnection> onConnection) {
		while (this.channel.isOpen()) {
			try {
				SocketChannel connection = this.channel.accept();
				onConnection.accept(new ControlConnection(connection));
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				logger.warn("Accepting a worker's control connection failed", ex);
			}
		}
	}

	Path path() {
		return this.path;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
		Files.deleteIfExists(this.path);
	}

}
