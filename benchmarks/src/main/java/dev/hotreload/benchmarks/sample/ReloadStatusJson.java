package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a body of {@code GET /actuator/reload}, apart from the request, so that a body
 * can be read without a running sample.
 */
final class ReloadStatusJson {

	private ReloadStatusJson() {
	}

	/**
	 * The body, parsed.
	 * @param status the body
	 * @return its JSON
	 * @throws IOException if the body is not JSON
	 */
	static JsonNode tree(String status) throws IOException {
		try {
			return JsonMapper.shared().readTree(status);
		}
		catch (JacksonException ex) {
			throw new IOException("GET /actuator/reload did not answer JSON: " + status, ex);
		}
	}

	/**
	 * The body's {@code lastReload}, read as the answer a POST would have given.
	 * @param status the body
	 * @return the reload, its status 200; every field absent before the first reload
	 * @throws IOException if the body is not JSON
	 */
	static ReloadResponse lastReload(String status) throws IOException {
		try {
			return ReloadResponse.parse(200, JsonMapper.shared().readTree(status).path("lastReload").toString());
		}
		catch (JacksonException ex) {
			throw new IOException("GET /actuator/reload did not answer JSON: " + status.strip(), ex);
		}
	}

	/**
	 * How many live generations the body lists.
	 * @param status the body
	 * @return the length of its {@code generations} array, 0 if it has none
	 * @throws IOException if the body is not JSON
	 */
	static int generations(String status) throws IOException {
		try {
			return JsonMapper.shared().readTree(status).path("generations").size();
		}
		catch (JacksonException ex) {
			throw new IOException("GET /actuator/reload did not answer JSON: " + status.strip(), ex);
		}
	}

	/**
	 * The worker JVMs the body lists.
	 * @param status the body
	 * @return its {@code workers}, oldest first; empty if it has none
	 * @throws IOException if the body is not JSON
	 */
	static List<ProcessWorker> workers(String status) throws IOException {
		List<ProcessWorker> workers = new ArrayList<>();
		try {
			JsonMapper.shared()
				.readTree(status)
				.path("workers")
				.forEach((worker) -> workers.add(new ProcessWorker(worker.path("generation").intValue(-1),
						worker.path("pid").longValue(-1), worker.path("state").stringValue("UNKNOWN"))));
		}
		catch (JacksonException ex) {
			throw new IOException("GET /actuator/reload did not answer JSON: " + status.strip(), ex);
		}
		return workers;
	}

}
