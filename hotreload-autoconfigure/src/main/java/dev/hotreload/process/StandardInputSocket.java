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
 * {@code System.inheritedChannel()} returns it. Under systemd socket activation
 * ({@code StandardInput=socket}) the socket is on descriptor 0 already and is served as it
 * is.
 */
final class StandardInputSocket implements Closeable {

	private static final int STDIN = 0;

	private final ServerSocketChannel channel;

	private final boolean inherited;

	private StandardInputSocket(ServerSocketChannel channel, boolean inherited) {
		this.channel = channel;
		this.inherited = inherited;
	}

	/**
	 * The socket this process inherited on its standard input, or a new one bound and put
	 * there.
	 * @param address the address to bind if nothing was inherited
	 * @param backlog the accept queue length
	 * @param reusePort whether to set {@code SO_REUSEPORT}
	 * @return the socket
	 * @throws IOException if it cannot be bound or moved to descriptor 0
	 */
	static StandardInputSocket open(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
		Channel inheritedChannel = System.inheritedChannel();
		if (inheritedChannel instanceof ServerSocketChannel socket) {
			return new StandardInputSocket(socket, true);
		}
		ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(address, backlog, reusePort);
		try {
			int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
			LibC.INSTANCE.dup2(listeningDescriptorOn(port), STDIN);
			return new StandardInputSocket(channel, false);
		}
		catch (LastErrorException | UnsatisfiedLinkError ex) {
			channel.close();
			throw new IOException("Could not put the listening socket on standard input for the workers ("
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

		int dup2(int oldDescriptor, int newDescriptor) throws LastErrorException;

		int close(int descriptor) throws LastErrorException;

		int getsockname(int descriptor, byte[] address, IntByReference length) throws LastErrorException;

		int getsockopt(int descriptor, int level, int name, IntByReference value, IntByReference length)
				throws LastErrorException;

	}

}
