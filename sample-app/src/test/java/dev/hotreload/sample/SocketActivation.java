package dev.hotreload.sample;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * What systemd does for a service with {@code StandardInput=socket}, for the tests: binds
 * a listening socket, puts it on standard input, and runs the command with it. Usage:
 * {@code SocketActivation <port> <command...>}; exits with the command's exit code.
 */
public final class SocketActivation {

	private SocketActivation() {
	}

	public static void main(String[] args) throws Exception {
		ServerSocketChannel socket = ServerSocketChannel.open();
		socket.bind(new InetSocketAddress(Integer.parseInt(args[0])), 128);
		// The channel's descriptor is the newest this JVM opened: find it by its port.
		int descriptor = descriptorOf(Integer.parseInt(args[0]));
		LibC.INSTANCE.dup2(descriptor, 0);
		Process service = new ProcessBuilder(Arrays.asList(args).subList(1, args.length)).inheritIO().start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			service.descendants().forEach(ProcessHandle::destroy);
			service.destroy();
		}));
		System.exit(service.waitFor());
	}

	private static int descriptorOf(int port) {
		for (int descriptor = 3; descriptor < 4096; descriptor++) {
			byte[] address = new byte[128];
			int[] length = { address.length };
			if (LibC.INSTANCE.getsockname(descriptor, address, length) == 0
					&& (((address[2] & 0xff) << 8) | (address[3] & 0xff)) == port) {
				return descriptor;
			}
		}
		throw new IllegalStateException("No socket on port " + port);
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int dup2(int oldDescriptor, int newDescriptor);

		int getsockname(int descriptor, byte[] address, int[] length);

	}

}
