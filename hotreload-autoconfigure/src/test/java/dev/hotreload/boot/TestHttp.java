package dev.hotreload.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * A real HTTP client that opens a connection per request and never retries, so each
 * request reaches the generation serving when it is sent.
 */
final class TestHttp implements AutoCloseable {

	private final CloseableHttpClient client = HttpClients.custom()
		.disableAutomaticRetries()
		.setConnectionReuseStrategy((request, response, context) -> false)
		.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
		.build();

	private final int port;

	TestHttp(int port) {
		this.port = port;
	}

	Response send(String method, String path) {
		HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create("http://127.0.0.1:" + this.port + path));
		try {
			return this.client.execute(request,
					(response) -> new Response(response.getCode(), EntityUtils.toString(response.getEntity())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.client.close();
	}

	record Response(int status, String body) {
	}

}
