package dev.hotreload.tomcat;

import org.apache.tomcat.util.net.AbstractEndpoint.Handler;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's connection handler, which also moves a connection once its request is done
 * while its endpoint migrates. {@code OPEN} is what the HTTP/1.1 processor returns when it
 * has answered every request it read and found nothing more to read: the connection is
 * between requests, with no processor attached, and it is still this thread's (the socket
 * processor holds the connection's lock around {@code process}). Bytes already read, a
 * pipelined request say, keep the processor in its loop, so they are answered here first;
 * a request not read yet does not ({@link MigratableSocketWrapper}).
 */
final class MigratingConnectionHandler implements Handler<NioChannel> {

	private final Handler<NioChannel> delegate;

	private final KeepAliveMigration migration;

	MigratingConnectionHandler(Handler<NioChannel> delegate, KeepAliveMigration migration) {
		this.delegate = delegate;
		this.migration = migration;
	}

	@Override
	public SocketState process(SocketWrapperBase<NioChannel> wrapper, SocketEvent status) {
		SocketState state;
		KeepAliveBoundary.clear();
		try {
			state = this.delegate.process(wrapper, status);
		}
		finally {
			KeepAliveBoundary.clear();
		}
		if (state == SocketState.OPEN && this.migration.isActive()) {
			// The socket processor does nothing more for OPEN, so the connection may move.
			this.migration.tryMigrate(wrapper);
		}
		return state;
	}

	@Override
	public Object getGlobal() {
		return this.delegate.getGlobal();
	}

	@Override
	public void release(SocketWrapperBase<NioChannel> wrapper) {
		this.delegate.release(wrapper);
	}

	@Override
	public void pause() {
		this.delegate.pause();
	}

	@Override
	public void recycle() {
		this.delegate.recycle();
	}

}
