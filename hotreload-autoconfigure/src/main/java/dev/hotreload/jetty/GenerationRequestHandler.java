package dev.hotreload.jetty;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

import dev.hotreload.logging.GenerationMdc;

/**
 * Sees every request a generation's Jetty serves: counts those in flight and the
 * responses sent (5xx apart, for the rollback's error ratio), puts the generation in the
 * logging MDC, names it in a response header if asked, and while keep-alive is stopped
 * makes HTTP/1.1 responses close their connection ({@link CloseWhenDraining}). A request
 * counts until Jetty is told it is complete.
 */
final class GenerationRequestHandler extends Handler.Wrapper {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong responses = new AtomicLong();

	private final AtomicLong serverErrors = new AtomicLong();

	private final String generation;

	private final @Nullable String headerName;

	private final BooleanSupplier keepAliveStopped;

	GenerationRequestHandler(int generation, @Nullable String headerName, BooleanSupplier keepAliveStopped) {
		this.generation = Integer.toString(generation);
		this.headerName = headerName;
		this.keepAliveStopped = keepAliveStopped;
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) throws Exception {
		this.inFlight.incrementAndGet();
		if (this.headerName != null) {
			response.getHeaders().put(this.headerName, this.generation);
		}
		HttpVersion version = request.getConnectionMetaData().getHttpVersion();
		if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
			request.addHttpStreamWrapper((stream) -> new CloseWhenDraining(stream, this.keepAliveStopped));
		}
		Counted counted = new Counted(callback, response);
		boolean handled;
		try (GenerationMdc.Scope scope = GenerationMdc.put(this.generation)) {
			handled = super.handle(request, response, counted);
		}
		catch (Throwable ex) {
			counted.done();
			throw ex;
		}
		if (!handled) {
			counted.done();
		}
		return handled;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	long responses() {
		return this.responses.get();
	}

	long serverErrors() {
		return this.serverErrors.get();
	}

	/**
	 * The request's callback, which ends its count once, however it completes.
	 */
	private final class Counted extends Callback.Nested {

		private final Response response;

		private final AtomicInteger ended = new AtomicInteger();

		Counted(Callback callback, Response response) {
			super(callback);
			this.response = response;
		}

		@Override
		public void succeeded() {
			try {
				super.succeeded();
			}
			finally {
				done();
			}
		}

		@Override
		public void failed(Throwable cause) {
			try {
				super.failed(cause);
			}
			finally {
				done();
			}
		}

		void done() {
			if (this.ended.getAndIncrement() == 0) {
				GenerationRequestHandler.this.inFlight.decrementAndGet();
				GenerationRequestHandler.this.responses.incrementAndGet();
				if (this.response.getStatus() >= 500) {
					GenerationRequestHandler.this.serverErrors.incrementAndGet();
				}
			}
		}

	}

}
