package dev.hotreload.benchmarks.load;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * Apache HttpClient 5 clients that never retry, so that every refused, reset or
 * unanswered request counts as an error instead of being hidden by a second attempt.
 */
public final class HttpClientFactory {

	// Above the sample's hotreload.reload-timeout (60 s, or the raised start timeout): a
	// reload's POST is answered within it, with the outcome, so the client waits for that
	// verdict rather than racing it.
	private static final Timeout RESPONSE_TIMEOUT = Timeout.ofSeconds(
			Math.max(90, SampleProcess.START_TIMEOUT.toSeconds() + 30));

	private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);

	private HttpClientFactory() {
	}

	/**
	 * A client that keeps connections alive between requests.
	 * @return the client
	 */
	public static CloseableHttpClient keepAlive() {
		return builder().build();
	}

	/**
	 * A client that opens a new connection for every request, so that each request reaches
	 * the generation that serves new connections at that moment.
	 * @return the client
	 */
	public static CloseableHttpClient newConnectionPerRequest() {
		return builder().setConnectionReuseStrategy((request, response, context) -> false).build();
	}

	private static HttpClientBuilder builder() {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnPerRoute(16)
				.setMaxConnTotal(16)
				.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).build())
				.build())
			.disableAutomaticRetries()
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(RESPONSE_TIMEOUT).build());
	}

}
