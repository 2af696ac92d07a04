package dev.hotreload.sampletest;

import java.time.Duration;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient as the tests' clients use it: a pool of keep-alive connections, or a
 * new connection for every request; never a retry, so that every failure is seen.
 */
public final class TestHttpClients {

	private TestHttpClients() {
	}

	/**
	 * A client that waits for each response up to a minute.
	 * @param newConnectionPerRequest whether to close each connection after its request
	 * @return the client
	 */
	public static CloseableHttpClient client(boolean newConnectionPerRequest) {
		return client(newConnectionPerRequest, Duration.ofSeconds(60));
	}

	/**
	 * The same, waiting for each response at most the given time.
	 * @param newConnectionPerRequest whether to close each connection after its request
	 * @param responseTimeout how long to wait for a response
	 * @return the client
	 */
	public static CloseableHttpClient client(boolean newConnectionPerRequest, Duration responseTimeout) {
		var builder = HttpClients.custom()
			.setConnectionManager(
					PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(64).setMaxConnTotal(64).build())
			.disableAutomaticRetries()
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(responseTimeout)).build());
		if (newConnectionPerRequest) {
			builder.setConnectionReuseStrategy((request, response, context) -> false);
		}
		return builder.build();
	}

}
