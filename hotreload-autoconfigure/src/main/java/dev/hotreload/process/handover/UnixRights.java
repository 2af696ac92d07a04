package dev.hotreload.process.handover;

import java.io.IOException;
import java.lang.ref.Reference;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

/**
 * One open descriptor sent or received over a connected Unix domain socket
 * ({@code sendmsg}/{@code recvmsg} with an {@code SCM_RIGHTS} control message), through
 * JNA. The kernel keeps what the descriptor refers to (a TCP connection) open while it is
 * in flight, and nothing reaches the connection's peer. Linux on 64-bit machines only:
 * the structures are laid out here by hand, as {@code <sys/socket.h>} has them there.
 */
final class UnixRights {

	private static final int SOL_SOCKET = 1;

	private static final int SCM_RIGHTS = 1;

	private static final int SO_DOMAIN = 39;

	private static final int MSG_NOSIGNAL = 0x4000;

	private static final int MSG_CMSG_CLOEXEC = 0x40000000;

	// struct msghdr: name, namelen (padded), iov, iovlen, control, controllen, flags.
	private static final int MSGHDR_SIZE = 56;

	private static final int MSG_IOV = 16;

	private static final int MSG_IOVLEN = 24;

	private static final int MSG_CONTROL = 32;

	private static final int MSG_CONTROLLEN = 40;

	private static final int IOVEC_SIZE = 16;

	// struct cmsghdr: len (size_t), level, type, then the data: CMSG_LEN(4), CMSG_SPACE(4).
	private static final int CMSG_DATA = 16;

	private static final int CMSG_LEN = CMSG_DATA + 4;

	private static final int CMSG_SPACE = CMSG_DATA + 8;

	private UnixRights() {
	}

	/**
	 * Whether descriptors can be passed on this platform.
	 * @return {@code true} on 64-bit Linux
	 */
	static boolean isSupported() {
		return Platform.isLinux() && Native.POINTER_SIZE == 8;
	}

	/**
	 * Sends a descriptor with one byte of data; blocks until it is queued.
	 * @param socket a connected Unix domain stream socket
	 * @param descriptor the descriptor to send; the caller still owns its own copy
	 * @param data the byte that goes with it
	 * @throws IOException if it could not be sent
	 */
	static void send(int socket, int descriptor, byte data) throws IOException {
		Memory payload = new Memory(1);
		payload.setByte(0, data);
		Memory control = new Memory(CMSG_SPACE);
		control.clear();
		control.setLong(0, CMSG_LEN);
		control.setInt(8, SOL_SOCKET);
		control.setInt(12, SCM_RIGHTS);
		control.setInt(CMSG_DATA, descriptor);
		Message message = new Message(payload, control);
		try {
			if (LibC.INSTANCE.sendmsg(socket, message.header(), MSG_NOSIGNAL) != 1) {
				throw new IOException("sendmsg sent nothing");
			}
		}
		catch (LastErrorException ex) {
			throw new IOException("sendmsg failed: " + ex.getMessage(), ex);
		}
		finally {
			Reference.reachabilityFence(message);
		}
	}

	/**
	 * Receives one byte and the descriptor that came with it; blocks until they arrive.
	 * @param socket a connected Unix domain stream socket
	 * @return what arrived, or {@code null} at the end of the stream
	 * @throws IOException if receiving failed or the byte came without a descriptor
	 */
	static @Nullable Received receive(int socket) throws IOException {
		Memory payload = new Memory(1);
		Memory control = new Memory(CMSG_SPACE);
		control.clear();
		Message message = new Message(payload, control);
		long read;
		try {
			read = LibC.INSTANCE.recvmsg(socket, message.header(), MSG_CMSG_CLOEXEC);
		}
		catch (LastErrorException ex) {
			throw new IOException("recvmsg failed: " + ex.getMessage(), ex);
		}
		finally {
			Reference.reachabilityFence(message);
		}
		if (read == 0) {
			return null;
		}
		if (message.header().getLong(MSG_CONTROLLEN) < CMSG_LEN || control.getInt(8) != SOL_SOCKET
				|| control.getInt(12) != SCM_RIGHTS) {
			throw new IOException("A hand-over message came without a descriptor");
		}
		return new Received(payload.getByte(0), control.getInt(CMSG_DATA));
	}

	/**
	 * The address family of a socket ({@code SO_DOMAIN}).
	 * @param descriptor the socket
	 * @return {@code AF_INET} (2), {@code AF_INET6} (10), ...
	 * @throws IOException if it is no socket
	 */
	static int family(int descriptor) throws IOException {
		IntByReference value = new IntByReference();
		try {
			LibC.INSTANCE.getsockopt(descriptor, SOL_SOCKET, SO_DOMAIN, value, new IntByReference(4));
		}
		catch (LastErrorException ex) {
			throw new IOException("getsockopt(SO_DOMAIN) failed: " + ex.getMessage(), ex);
		}
		return value.getValue();
	}

	/**
	 * Closes a descriptor received but not adopted.
	 * @param descriptor the descriptor
	 */
	static void close(int descriptor) {
		try {
			LibC.INSTANCE.close(descriptor);
		}
		catch (LastErrorException ex) {
			// Closed already.
		}
	}

	/**
	 * A {@code struct msghdr} with one buffer and a control buffer, holding on to the native
	 * memory it points at for as long as it is reachable.
	 */
	private record Message(Memory header, Memory iov, Memory payload, Memory control) {

		Message(Memory payload, Memory control) {
			this(new Memory(MSGHDR_SIZE), new Memory(IOVEC_SIZE), payload, control);
			this.iov.setPointer(0, payload);
			this.iov.setLong(8, payload.size());
			this.header.clear();
			this.header.setPointer(MSG_IOV, this.iov);
			this.header.setLong(MSG_IOVLEN, 1);
			this.header.setPointer(MSG_CONTROL, control);
			this.header.setLong(MSG_CONTROLLEN, control.size());
		}

	}

	/**
	 * A byte and the descriptor that came with it, now this process's.
	 */
	record Received(byte data, int descriptor) {
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		long sendmsg(int socket, Pointer message, int flags) throws LastErrorException;

		long recvmsg(int socket, Pointer message, int flags) throws LastErrorException;

		int getsockopt(int descriptor, int level, int name, IntByReference value, IntByReference length)
				throws LastErrorException;

		int close(int descriptor) throws LastErrorException;

	}

}
