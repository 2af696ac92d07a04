package dev.hotreload.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import dev.hotreload.sampletest.TestHttpClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process mode: the answer to {@code POST /actuator/reload} means the new worker serves.
 * Once the client has the 200, its next request reaches the new worker, whether it goes on
 * the connection that carried the POST (which the retiring worker answered) or on a new
 * one; and a slow request in flight on another keep-alive connection at the switch
 * finishes on the retiring worker, whose connection then moves to the new worker (or is
 * closed by the answer, in drain mode close), so that its client's next request goes to
 * the new one too. The retiring worker's singleton job runs for
 * seconds here, so that its retirement (which stops that job) is slow, as on a loaded
 * machine.
 */
class ProcessReloadAnswerIT {

	private static final int RELOADS = 3;

	private static final int NEW_CONNECTIONS = 20;

	private static final Duration SLOW = Duration.ofSeconds(2);

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
				CloseableHttpClient keepAlive = TestHttpClients.client(false)) {
			String base = "http://127.0.0.1:" + supervisor.port();
			List<String> wrong = new ArrayList<>();
			List<Long> answers = new ArrayList<>();
			SlowRequests slow = new SlowRequests(URI.create(base + "/hello?delay=" + SLOW.toMillis()));
			for (int i = 0; i < RELOADS; i++) {
				// A keep-alive connection to the serving worker, which the POST then goes on.
				assertThat(body(keepAlive, new HttpGet(URI.create(base + "/hello")))).startsWith("Hello from generation");
				HttpPost post = new HttpPost(URI.create(base + "/actuator/reload"));
				post.setHeader("Authorization", "Basic "
						+ Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
				String answer = body(keepAlive, post);
				answers.add(System.nanoTime());
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
			// The slow request in flight at the last switch, and the one after it, must be answered.
			slow.awaitSentAfter(answers.get(RELOADS - 1) + SLOW.toNanos(), Duration.ofMinutes(1));
			List<SlowRequests.Answer> slowAnswers = slow.stop();
			assertThat(wrong).isEmpty();
			assertThat(supervisor.status().path("currentGeneration").asInt()).isEqualTo(1 + RELOADS);
			// A slow request sent less than its delay before the reload's answer came was answered
			// after it (the server sleeps the delay once the request has reached it). If the
			// retiring worker answered it, its connection must not bring the client back there:
			// the answer closed it (drain mode close) or the connection was handed to the new
			// worker (migrate, the default), so the next request on it reached a newer generation.
			List<String> backToRetiring = new ArrayList<>();
			int retiring = 0;
			for (int i = 0; i < RELOADS; i++) {
				long answered = answers.get(i);
				String old = "Hello from generation " + (1 + i) + "\n";
				for (int k = 0; k < slowAnswers.size() - 1; k++) {
					SlowRequests.Answer slowAnswer = slowAnswers.get(k);
					if (slowAnswer.sentNanos() + SLOW.toNanos() > answered && slowAnswer.body().equals(old)) {
						retiring++;
						SlowRequests.Answer next = slowAnswers.get(k + 1);
						if (!"close".equals(slowAnswer.connection()) && next.body().equals(old)) {
							backToRetiring.add("after the answer of generation " + (2 + i)
									+ ", a slow request was answered by generation " + (1 + i) + " again");
						}
					}
				}
			}
			// At each switch one was in flight; at least one of them was sent late enough.
			assertThat(retiring).as("slow requests the retiring worker answered after the reload's answer")
				.isPositive();
			assertThat(backToRetiring).isEmpty();
		}
	}

	/**
	 * Back-to-back slow requests on one keep-alive connection, so that one is in flight
	 * whenever a switch comes, however long the reload takes: each answer's body, its
	 * {@code Connection} header and when its request was sent.
	 */
	private static final class SlowRequests {

		private final CloseableHttpClient client = TestHttpClients.client(false);

		private final List<Answer> answers = new CopyOnWriteArrayList<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		SlowRequests(URI uri) {
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					long sent = System.nanoTime();
					try {
						this.answers.add(this.client.execute(new HttpGet(uri), (response) -> new Answer(
								EntityUtils.toString(response.getEntity()),
								(response.getFirstHeader("Connection") != null)
										? response.getFirstHeader("Connection").getValue() : null,
								sent)));
					}
					catch (IOException ex) {
						this.answers.add(new Answer("failed: " + ex, null, sent));
					}
				}
			}, "slow-requests");
			this.thread.start();
		}

		void awaitSentAfter(long nanos, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.answers.stream().noneMatch((answer) -> answer.sentNanos() > nanos)) {
				assertThat(System.nanoTime()).as("a slow request sent after the last reload's answer")
					.isLessThan(deadline);
				Thread.sleep(50);
			}
		}

		List<Answer> stop() throws Exception {
			this.running.set(false);
			this.thread.join();
			this.client.close();
			assertThat(this.answers).noneMatch((answer) -> answer.body().startsWith("failed"));
			return this.answers;
		}

		record Answer(String body, String connection, long sentNanos) {
		}

	}

	private static String body(CloseableHttpClient client, HttpUriRequestBase request) throws Exception {
		return client.execute(request, (response) -> EntityUtils.toString(response.getEntity()));
	}

}
