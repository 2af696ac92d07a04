package dev.hotreload.tomcat;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ActionCode;

/**
 * Sees every request of a generation's Tomcat context and keeps those that went async
 * ({@code SseEmitter}, {@code StreamingResponseBody}, {@code DeferredResult},
 * {@code Callable} and plain {@code startAsync()} are all async requests underneath) until
 * they complete: Tomcat tells an {@link AsyncListener} registered on the request's
 * {@link AsyncContext}, whoever completes it.
 *
 * <p>Going away completes each one. A response already committed (an SSE stream) ends
 * cleanly: the last chunk is written, and then the connection closes, so that the client's
 * reconnect cannot reuse it and reach this generation again (its headers went out without
 * {@code Connection: close}, before the drain); so does one the application has written
 * to but not flushed yet. A response nothing was written to yet (a long poll) is answered
 * {@code 503} with {@code Retry-After: 0} and {@code Connection: close}. After going away, a request that goes async on this generation (one that came on a kept-alive
 * connection) is ended the same way as soon as its servlet returns.
 */
final class AsyncRequests extends ValveBase {

	private static final Log logger = LogFactory.getLog(AsyncRequests.class);

	private final Map<AsyncContext, Request> open = new ConcurrentHashMap<>();

	private final Listener listener = new Listener();

	private volatile boolean goneAway;

	AsyncRequests() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (request.isAsyncStarted()) {
			AsyncContext context = request.getAsyncContext();
			if (this.open.putIfAbsent(context, request) == null) {
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
		for (AsyncContext context : this.open.keySet()) {
			if (end(context)) {
				ended++;
			}
		}
		return ended;
	}

	private boolean end(AsyncContext context) {
		try {
			ServletResponse response = context.getResponse();
			if (!response.isCommitted() && hasWritten(context)) {
				// Sent as it stands, so that the application's failing next write cannot
				// turn it into an error page before the completion.
				response.flushBuffer();
			}
			else if (!response.isCommitted() && response instanceof HttpServletResponse http) {
				http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
				http.setHeader("Retry-After", "0");
				http.setHeader("Connection", "close");
			}
			context.complete();
			return true;
		}
		catch (IOException ex) {
			logger.debug("Async request's connection failed while it was ended", ex);
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
	 * Whether the application wrote some of its response, even if all of it is still in
	 * the response buffer (a stream that has not flushed yet): that response is finished
	 * as written, not replaced by a 503.
	 */
	private boolean hasWritten(AsyncContext context) {
		Request request = this.open.get(context);
		return request != null && request.getResponse().getContentWritten() > 0;
	}

		private final class Listener implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			Request request = AsyncRequests.this.open.remove(event.getAsyncContext());
			if (request != null && AsyncRequests.this.goneAway) {
				// A clean close once the response is written (the last chunk included):
				// Tomcat's close-after-this-response, as it does for an unread upload.
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// Tomcat completes it, or the application does: onComplete follows.
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows.
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// Started again in an async dispatch: Tomcat dropped this listener.
			event.getAsyncContext().addListener(this);
		}

	}

}
