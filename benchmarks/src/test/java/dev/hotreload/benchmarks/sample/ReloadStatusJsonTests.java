package dev.hotreload.benchmarks.sample;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The live generations and the worker JVMs are read from the JSON of
 * {@code GET /actuator/reload}.
 */
class ReloadStatusJsonTests {

	@Test
	void countsTheGenerationsTheStatusLists() throws IOException {
		String status = """
				{"supported":true,"currentGeneration":3,"reloadRequested":false,"reloadInProgress":false,
				 "generations":[
				   {"generation":2,"state":"DRAINING","pid":4242,"startTime":"2026-01-01T10:00:00Z",
				    "uptimeSeconds":12,"inFlightRequests":1,"openConnections":2},
				   {"generation":3,"state":"ACTIVE","pid":4242,"startTime":"2026-01-01T10:00:10Z",
				    "uptimeSeconds":2,"inFlightRequests":0,"openConnections":1}],
				 "lastReload":{"generation":3,"outcome":"SUCCESS","durationMillis":800,"startupMillis":600},
				 "listeners":[{"name":"server","address":"0.0.0.0:8080","shared":true}]}""";
		assertThat(ReloadStatusJson.generations(status)).isEqualTo(2);
	}

	@Test
	void readsTheWorkersOfProcessMode() throws IOException {
		String status = """
				{"supported":true,"mode":"PROCESS","currentGeneration":2,"reloadRequested":false,
				 "reloadInProgress":false,
				 "generations":[{"generation":2,"state":"ACTIVE","pid":20552,"startTime":"2026-12-01T08:11:00Z",
				   "uptimeSeconds":1,"inFlightRequests":1,"openConnections":1}],
				 "lastReload":null,"listeners":[{"name":"server","address":"/[0:0:0:0:0:0:0:0]:19091","shared":true}],
				 "supervisor":{"pid":20224,"startTime":"2026-12-01T08:10:47.788Z"},
				 "workers":[{"generation":1,"pid":20254,"state":"DRAINING","startTime":"2026-12-01T08:10:47.814Z",
				   "uptimeSeconds":13},
				  {"generation":2,"pid":20552,"state":"ACTIVE","startTime":"2026-12-01T08:10:54.263Z",
				   "uptimeSeconds":6}]}""";
		assertThat(ReloadStatusJson.workers(status)).containsExactly(new ProcessWorker(1, 20254, "DRAINING"),
				new ProcessWorker(2, 20552, "ACTIVE"));
		assertThat(ReloadStatusJson.workers("{\"supported\":true,\"generations\":[]}")).isEmpty();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ReloadStatusJson.workers("<html>oops</html>"));
	}

	@Test
	void statusWithoutGenerationsCountsNone() throws IOException {
		assertThat(ReloadStatusJson.generations("{\"supported\":false,\"generations\":[]}")).isZero();
		assertThat(ReloadStatusJson.generations("{\"status\":404,\"error\":\"Not Found\"}")).isZero();
	}

	@Test
	void statusThatIsNotJsonIsAnError() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ReloadStatusJson.generations("<html>oops</html>"))
			.withMessageContaining("<html>oops</html>");
	}

}
