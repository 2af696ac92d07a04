package dev.hotreload.sampletest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * A reader of a sample's SSE stream, {@code /events}.
 */
public final class EventStream {

	private EventStream() {
	}

	/**
	 * Reads an SSE stream's data lines until the stream ends; a stream cut short (no last
	 * chunk) throws.
	 * @return how many it had
	 */
	public static int read(CloseableHttpClient client, URI events, BlockingQueue<String> data) throws IOException {
		return client.execute(new HttpGet(events), (response) -> {
			if (response.getCode() != 200) {
				throw new IOException("Status " + response.getCode() + " for " + events);
			}
			int lines = 0;
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith("data:")) {
						data.add(line);
						lines++;
					}
				}
			}
			return lines;
		});
	}

}
