package dev.hotreload.tomcat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Counts the requests a generation's Tomcat is processing.
 */
final class InFlightRequestValve extends ValveBase {

	private final AtomicInteger inFlight = new AtomicInteger();

	InFlightRequestValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		this.inFlight.incrementAndGet();
		try {
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
