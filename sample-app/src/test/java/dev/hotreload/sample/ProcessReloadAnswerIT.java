package dev.hotreload.sample;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process mode: the answer to {@code POST /actuator/reload} means the new worker serves.
 * Once the client has the 200, its next request reaches the new worker, whether it goes on
 * the connection that carried the POST (which the retiring worker answered) or on a new
 * one. The retiring worker's singleton job runs for seconds here, so that its retirement
 * (which stops that job) is slow, as on a loaded machine.
 */
class ProcessReloadAnswerIT {

	private static final int RELOADS = 3;

	private static final int NEW_CONNECTIONS = 20;

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path temp;

	@Test
	void afterTheReloadsAnswerEveryRequestReachesTheNewWorker() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--sample.jobs.work=3s",
					"--sample.jobs.file=" + this.temp.resolve("jobs.jsonl"))
			.awaitServing();
				CloseableHttpClient keepAlive = RunningSample.client(false)) {
			String base = "http://127.0.0.1:" + supervisor.port();
			List<String> wrong = new ArrayList<>();
			for (int i = 0; i < RELOADS; i++) {
				// A keep-alive connection to the serving worker, which the POST then goes on.
				assertThat(body(keepAlive, new HttpGet(URI.create(base + "/hello")))).startsWith("Hello from generation");
				HttpPost post = new HttpPost(URI.create(base + "/actuator/reload"));
				post.setHeader("Authorization", "Basic "
						+ Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
				String answer = body(keepAlive, post);
				int generation = json.readTree(answer).path("generation").asInt();
				assertThat(answer).as("reload %d", i).contains("\"outcome\":\"SUCCESS\"");
				String expected = "Hello from generation " + generation + "\n";
				String sameClient = body(keepAlive, new HttpGet(URI.create(base + "/hello")));
				if (!sameClient.equals(expected)) {
					wrong.add("after the answer of generation " + generation + ", the POST's client got " + sameClient);
				}
				for (int n = 0; n < NEW_CONNECTIONS; n++) {
					String fresh = supervisor.client().get("/hello").body();
					if (!fresh.equals(expected)) {
						wrong.add("after the answer of generation " + generation + ", new connection " + n + " got "
								+ fresh);
					}
				}
			}
			assertThat(wrong).isEmpty();
			assertThat(supervisor.status().path("currentGeneration").asInt()).isEqualTo(1 + RELOADS);
		}
	}

	private static String body(CloseableHttpClient client, HttpUriRequestBase request) throws Exception {
		return client.execute(request, (response) -> EntityUtils.toString(response.getEntity()));
	}

}
