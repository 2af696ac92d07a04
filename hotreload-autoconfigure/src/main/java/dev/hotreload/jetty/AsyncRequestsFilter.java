package dev.hotreload.jetty;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the requests of a generation's Jetty that went async ({@code SseEmitter},
 * {@code DeferredResult}, {@code StreamingResponseBody}, {@code startAsync()}) until they
 * complete, so that going away can complete them: a committed response (an SSE stream)
 * ends cleanly with its last chunk, and one not committed yet (a long poll) is answered
 * {@code 503} with {@code Retry-After: 0} and {@code Connection: close}. Once gone away, a
 * request that goes async here is ended as soon as its servlet returns. Where the
 * connection goes next is the drain's business: it moves to the serving generation, or
 * closes when keep-alive is stopped.
 */
final class AsyncRequestsFilter implements Filter {

	private static final Log logger = LogFactory.getLog(AsyncRequestsFilter.class);

	private final Set<AsyncContext> open = ConcurrentHashMap.newKeySet();

	private final AsyncListener listener = new Forget();

	private volatile boolean goneAway;

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		chain.doFilter(request, response);
		if (request.isAsyncStarted()) {
			AsyncContext context = request.getAsyncContext();
			if (this.open.add(context)) {
				context.addListener(this.listener);
			}
			if (this.goneAway) {
				end(context);
			}
		}
	}

	int open() {
		return this.open.size();
	}

	/**
	 * Completes every open async request, and from now on each one that starts.
	 * @return how many were completed
	 */
	int goAway() {
		this.goneAway = true;
		int ended = 0;
		for (AsyncContext context : this.open) {
			if (end(context)) {
				ended++;
			}
		}
		return ended;
	}

	private boolean end(AsyncContext context) {
		try {
			if (!context.getResponse().isCommitted() && context.getResponse() instanceof HttpServletResponse http) {
				http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
				http.setHeader("Retry-After", "0");
				http.setHeader("Connection", "close");
			}
			context.complete();
			return true;
		}
		catch (IllegalStateException ex) {
			// Completing, completed or timing out meanwhile: it ends anyway.
			logger.debug("Async request ended before it could be completed", ex);
			return false;
		}
	}

	/**
	 * Forgets a request once it completes, however it does.
	 */
	private final class Forget implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			AsyncRequestsFilter.this.open.remove(event.getAsyncContext());
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// onComplete follows.
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows.
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// Started again in an async dispatch: the listeners were dropped.
			event.getAsyncContext().addListener(this);
		}

	}

}
