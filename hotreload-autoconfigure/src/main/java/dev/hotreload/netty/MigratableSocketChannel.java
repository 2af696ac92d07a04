package dev.hotreload.netty;

import java.nio.channels.SocketChannel;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A connection's channel whose socket can leave Netty still open. Claiming it, on its
 * event loop, deregisters the socket from the loop's selector at once; closing the channel
 * afterwards runs Netty's and Reactor Netty's close as usual (the pipeline hears that the
 * channel is inactive, the generation stops counting it) but leaves the socket open for
 * the connector it was handed to.
 */
final class MigratableSocketChannel extends NioSocketChannel {

	private volatile boolean claimed;

	private volatile boolean closed;

	MigratableSocketChannel(Channel parent, SocketChannel socket) {
		super(parent, socket);
	}

	/**
	 * Takes the socket from Netty. Must run on the channel's event loop, which then reads
	 * nothing more from it. Close the channel once the socket is handed over.
	 * @return the socket
	 * @throws Exception if it cannot be deregistered
	 */
	SocketChannel claim() throws Exception {
		this.claimed = true;
		doDeregister();
		return javaChannel();
	}

	/**
	 * Stops watching the socket for reads until the next {@code read()}. Must run on the
	 * channel's event loop.
	 */
	void stopReading() {
		clearReadPending();
	}

	boolean isClaimed() {
		return this.claimed;
	}

	@Override
	public boolean isOpen() {
		return !this.closed && super.isOpen();
	}

	@Override
	public boolean isActive() {
		return !this.closed && super.isActive();
	}

	@Override
	protected void doClose() throws Exception {
		if (this.claimed) {
			this.closed = true;
			return;
		}
		super.doClose();
	}

}
