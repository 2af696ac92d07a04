package dev.hotreload.context;

import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import dev.hotreload.listener.SharedListener;

/**
 * Where a connector of a shared listener hands its keep-alive connections when its
 * generation drains by migration: whichever connector serves that listener by then.
 */
final class SharedListenerHandOff implements ConnectionHandOff {

	private final SharedListeners listeners;

	private final SharedListener listener;

	private final BooleanSupplier shuttingDown;

	SharedListenerHandOff(SharedListeners listeners, SharedListener listener, BooleanSupplier shuttingDown) {
		this.listeners = listeners;
		this.listener = listener;
		this.shuttingDown = shuttingDown;
	}

	@Override
	public boolean canTakeFrom(GenerationConnector from) {
		ConnectionRouter router = this.listeners.routerFor(this.listener);
		GenerationConnector serving = (router != null) ? router.current() : null;
		return serving != null && serving != from && serving.canContinue(from) && this.listener.isOpen()
				&& !this.shuttingDown.getAsBoolean();
	}

	@Override
	public void handOff(SocketChannel connection, @Nullable Object carried) {
		ConnectionRouter router = this.listeners.routerFor(this.listener);
		if (router != null) {
			router.acceptMoved(connection, carried);
		}
		else {
			ConnectionRouter.close(connection);
		}
	}

}
