package dev.hotreload.tomcat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletException;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;

import dev.hotreload.logging.GenerationMdc;

/**
 * Sees every request a generation's Tomcat serves: counts those in flight and the
 * responses sent (5xx apart, for the rollback's error ratio), puts the
 * generation in the logging MDC and, if asked, names it in a response header. A request
 * counts until Tomcat has finished writing its response: Tomcat tells access logs then,
 * after the pipeline returned, so the count ends there and not when {@link #invoke} does.
 */
final class GenerationRequestValve extends ValveBase implements AccessLog {

	private static final String COUNTED = GenerationRequestValve.class.getName() + ".counted";

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong responses = new AtomicLong();

	private final AtomicLong serverErrors = new AtomicLong();

	private final String generation;

	private final @Nullable String headerName;

	GenerationRequestValve(int generation, @Nullable String headerName) {
		super(true);
		this.generation = Integer.toString(generation);
		this.headerName = headerName;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		this.inFlight.incrementAndGet();
		request.setNote(COUNTED, Boolean.TRUE);
		if (this.headerName != null) {
			response.setHeader(this.headerName, this.generation);
		}
		try (GenerationMdc.Scope scope = GenerationMdc.put(this.generation)) {
			getNext().invoke(request, response);
		}
		// The application is done with the request (unless it went async): the processor's
		// next read may be the keep-alive boundary.
		KeepAliveBoundary.answered();
	}

	@Override
	public void log(Request request, Response response, long time) {
		if (request.getNote(COUNTED) != null) {
			request.removeNote(COUNTED);
			this.inFlight.decrementAndGet();
			this.responses.incrementAndGet();
			if (response.getStatus() >= 500) {
				this.serverErrors.incrementAndGet();
			}
		}
	}

	@Override
	public void setRequestAttributesEnabled(boolean requestAttributesEnabled) {
		// Nothing is logged: the response's end is all this valve listens for.
	}

	@Override
	public boolean getRequestAttributesEnabled() {
		return false;
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

}
