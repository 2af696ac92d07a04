package dev.hotreload.process;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;

import dev.hotreload.listener.ReloadableSockets;

/**
 * The supervisor's listening socket, on its standard input: the JDK's process launcher
 * closes every descriptor above 2 in a child, so file descriptor 0 is how one socket
 * reaches every worker ({@code ProcessBuilder.Redirect.INHERIT}), where
 * {@code System.inheritedChannel()} returns it. Under systemd socket activation the socket
 * is inherited: with {@code StandardInput=socket} it is on descriptor 0 already and is
 * served as it is; passed the {@code sd_listen_fds(3)} way ({@code LISTEN_FDS=1},
 * descriptor 3, {@link SystemdListenFds}) it is moved to descriptor 0 first.
 */
final class StandardInputSocket implements Closeable {

	private static final int STDIN = 0;

	private static final int O_RDWR = 2;

	private final ServerSocketChannel channel;

	private final boolean inherited;

	private final String origin;

	private StandardInputSocket(ServerSocketChannel channel, boolean inherited, String origin) {
		this.channel = channel;
		this.inherited = inherited;
		this.origin = origin;
	}

	/**
	 * The socket this process inherited on its standard input, or a new one bound and put
	 * there.
	 * @param address the address to bind if nothing was inherited
	 * @param backlog the accept queue length
	 * @param reusePort whether to set {@code SO_REUSEPORT}
	 * @return the socket
	 * @throws IOException if it cannot be bound or moved to descriptor 0, or if systemd
	 * passed more than one socket or one that is no TCP listening socket
	 */
	static StandardInputSocket open(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
		SystemdListenFds systemd = SystemdListenFds.of(System.getenv(), ProcessHandle.current().pid());
		if (systemd != null) {
			moveToStandardInput(systemd.single());
		}
		// Read once per JVM, so only after the move.
		Channel inheritedChannel = System.inheritedChannel();
		if (inheritedChannel instanceof ServerSocketChannel socket) {
			if (!(socket.getLocalAddress() instanceof InetSocketAddress)) {
				throw new IOException("The inherited socket listens on " + socket.getLocalAddress()
						+ "; a supervisor serves a TCP socket (ListenStream= with a port)");
			}
			return new StandardInputSocket(socket, true,
					(systemd != null) ? systemd.describe() : "on its standard input");
		}
		if (systemd != null) {
			throw new IOException("systemd passed descriptor " + SystemdListenFds.FIRST_DESCRIPTOR
					+ ", but it is no listening stream socket (" + inheritedChannel + ")");
		}
		ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(address, backlog, reusePort);
		try {
			int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
			LibC.INSTANCE.dup2(listeningDescriptorOn(port), STDIN);
			return new StandardInputSocket(channel, false, "");
		}
		catch (LastErrorException | UnsatisfiedLinkError ex) {
			channel.close();
			throw new IOException("Could not put the listening socket on standard input for the workers ("
					+ Platform.RESOURCE_PREFIX + "): " + ex.getMessage(), ex);
		}
	}

	/**
	 * Puts a passed descriptor on standard input, where workers inherit it, and closes it
	 * where it was.
	 */
	private static void moveToStandardInput(int descriptor) throws IOException {
		try {
			LibC.INSTANCE.dup2(descriptor, STDIN);
			LibC.INSTANCE.close(descriptor);
		}
		catch (LastErrorException | UnsatisfiedLinkError ex) {
			throw new IOException("Could not move descriptor " + descriptor + ", passed by systemd, to standard input ("
					+ Platform.RESOURCE_PREFIX + "): " + ex.getMessage(), ex);
		}
	}

	/**
	 * The descriptor of this process's listening socket on a port: the JDK does not tell
	 * which descriptor a channel has, so ask the OS of each one.
	 */
	private static int listeningDescriptorOn(int port) throws IOException {
		int[] option = Platform.isMac() ? new int[] { 0xffff, 0x0002 } : new int[] { 1, 30 };
		for (int descriptor = 3; descriptor < 65536; descriptor++) {
			byte[] address = new byte[128];
			IntByReference length = new IntByReference(address.length);
			IntByReference listening = new IntByReference();
			IntByReference size = new IntByReference(4);
			try {
				LibC.INSTANCE.getsockname(descriptor, address, length);
				LibC.INSTANCE.getsockopt(descriptor, option[0], option[1], listening, size);
			}
			catch (LastErrorException ex) {
				continue;
			}
			// sin_port and sin6_port are both at offset 2, in network byte order.
			int boundPort = ((address[2] & 0xff) << 8) | (address[3] & 0xff);
			if (boundPort == port && listening.getValue() != 0) {
				return descriptor;
			}
		}
		throw new IOException("Found no listening socket on port " + port + " among this process's descriptors");
	}

	/**
	 * Lets go of the socket a worker inherited, in place of closing its channel: the JDK
	 * closes an inherited channel by pointing descriptors 0, 1 and 2 at {@code /dev/null},
	 * which would send the worker's console output, the supervisor's log, there too. Here
	 * descriptor 0 alone is pointed there.
	 * @throws IOException if it cannot be
	 */
	static void releaseInherited() throws IOException {
		try {
			int devNull = LibC.INSTANCE.open("/dev/null", O_RDWR);
			try {
				LibC.INSTANCE.dup2(devNull, STDIN);
			}
			finally {
				LibC.INSTANCE.close(devNull);
			}
		}
		catch (LastErrorException | UnsatisfiedLinkError ex) {
			throw new IOException("Could not let go of the inherited socket on standard input ("
					+ Platform.RESOURCE_PREFIX + "): " + ex.getMessage(), ex);
		}
	}

	ServerSocketChannel channel() {
		return this.channel;
	}

	/**
	 * Whether the socket was inherited (systemd socket activation) rather than bound here.
	 * @return {@code true} if inherited
	 */
	boolean isInherited() {
		return this.inherited;
	}

	/**
	 * Where an inherited socket came from, for the log.
	 * @return {@code on its standard input}, {@code from systemd (...)}, or empty if bound here
	 */
	String origin() {
		return this.origin;
	}

	InetSocketAddress localAddress() throws IOException {
		return (InetSocketAddress) this.channel.getLocalAddress();
	}

	/**
	 * Closes the socket in this process; it closes for good once no worker holds it.
	 */
	@Override
	public void close() throws IOException {
		if (!this.inherited) {
			try {
				LibC.INSTANCE.close(STDIN);
			}
			catch (LastErrorException ex) {
				// Closed already.
			}
		}
		this.channel.close();
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int open(String path, int flags) throws LastErrorException;

		int dup2(int oldDescriptor, int newDescriptor) throws LastErrorException;

		int close(int descriptor) throws LastErrorException;

		int getsockname(int descriptor, byte[] address, IntByReference length) throws LastErrorException;

		int getsockopt(int descriptor, int level, int name, IntByReference value, IntByReference length)
				throws LastErrorException;

	}

}
