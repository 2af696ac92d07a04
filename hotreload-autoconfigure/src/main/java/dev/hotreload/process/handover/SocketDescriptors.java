package dev.hotreload.process.handover;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

import org.jspecify.annotations.Nullable;

/**
 * The descriptor under a JDK {@link SocketChannel}, and a {@code SocketChannel} made from
 * a descriptor received from another process. The JDK has no public API for either; its
 * own {@code ServerSocketChannel.accept} makes a connected channel with the package-private
 * constructor {@code sun.nio.ch.SocketChannelImpl(SelectorProvider, ProtocolFamily,
 * FileDescriptor, SocketAddress)} (the same on JDK 17 and 25), which this calls. That
 * needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, which the supervisor puts on
 * every worker's command line; without it {@link #unavailable()} says why.
 */
final class SocketDescriptors {

	private static final int AF_INET = 2;

	private static final int AF_INET6 = 10;

	private static final @Nullable Handles HANDLES;

	private static final @Nullable String UNAVAILABLE;

	static {
		Handles handles = null;
		String unavailable = null;
		if (!UnixRights.isSupported()) {
			unavailable = "descriptors are passed on 64-bit Linux only";
		}
		else {
			try {
				handles = Handles.open();
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				unavailable = "the JVM does not open java.base/sun.nio.ch to the application (" + ex + ")";
			}
		}
		HANDLES = handles;
		UNAVAILABLE = unavailable;
	}

	private SocketDescriptors() {
	}

	/**
	 * Why descriptors cannot be passed in this JVM.
	 * @return the reason, or {@code null} if they can
	 */
	static @Nullable String unavailable() {
		return UNAVAILABLE;
	}

	/**
	 * The descriptor of a channel, still owned by it.
	 * @param channel a channel of the JDK's default provider
	 * @return the descriptor
	 */
	static int descriptorOf(SocketChannel channel) {
		try {
			return (int) handles().fdVal().invoke(channel);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read the descriptor of " + channel, ex);
		}
	}

	/**
	 * A connected channel, in blocking mode, that owns a received TCP socket descriptor.
	 * @param descriptor the descriptor, now owned by the channel
	 * @return the channel
	 * @throws IOException if the descriptor is no connected TCP socket
	 */
	static SocketChannel adopt(int descriptor) throws IOException {
		Handles handles = handles();
		ProtocolFamily family = switch (UnixRights.family(descriptor)) {
			case AF_INET -> StandardProtocolFamily.INET;
			case AF_INET6 -> StandardProtocolFamily.INET6;
			default -> throw new IOException("Descriptor " + descriptor + " is no TCP socket");
		};
		try {
			FileDescriptor fd = (FileDescriptor) handles.newFd().invoke(null, descriptor);
			SocketAddress remote = (SocketAddress) handles.remoteAddress().invoke(null, fd);
			return (SocketChannel) handles.connected().newInstance(SelectorProvider.provider(), family, fd, remote);
		}
		catch (InvocationTargetException ex) {
			throw (ex.getCause() instanceof IOException io) ? io
					: new IOException("Cannot adopt descriptor " + descriptor, ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IOException("Cannot adopt descriptor " + descriptor, ex);
		}
	}

	private static Handles handles() {
		if (HANDLES == null) {
			throw new IllegalStateException("Descriptors cannot be passed: " + UNAVAILABLE);
		}
		return HANDLES;
	}

	private record Handles(Method fdVal, Method newFd, Method remoteAddress, Constructor<?> connected) {

		static Handles open() throws ReflectiveOperationException {
			Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
			Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
			Class<?> net = Class.forName("sun.nio.ch.Net");
			Class<?> socketChannel = Class.forName("sun.nio.ch.SocketChannelImpl");
			Handles handles = new Handles(selectable.getMethod("getFDVal"),
					ioUtil.getDeclaredMethod("newFD", int.class),
					net.getDeclaredMethod("remoteAddress", FileDescriptor.class),
					socketChannel.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
							FileDescriptor.class, SocketAddress.class));
			handles.fdVal().setAccessible(true);
			handles.newFd().setAccessible(true);
			handles.remoteAddress().setAccessible(true);
			handles.connected().setAccessible(true);
			return handles;
		}

	}

}
