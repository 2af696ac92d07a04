package dev.hotreload.tomcat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;

import dev.hotreload.logging.GenerationMdc;

/**
 * Sees every request a generation's Tomcat serves: counts those in flight, puts the
 * generation in the logging MDC and, if asked, names it in a response header.
 */
final class GenerationRequestValve extends ValveBase {

	private final AtomicInteger inFlight = new AtomicInteger();

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
		if (this.headerName != null) {
			response.setHeader(this.headerName, this.generation);
		}
		try (GenerationMdc.Scope scope = GenerationMdc.put(this.generation)) {
			getNext().invoke(request, response);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	int inFlight() {
		return this.inFlight.get();
	}

}
