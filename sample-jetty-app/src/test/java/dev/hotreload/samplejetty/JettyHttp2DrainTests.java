package dev.hotreload.samplejetty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.IdleHttp2Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A draining generation's HTTP/2 connections on Jetty (h2c, {@code server.http2.enabled})
 * get GOAWAY at drain start: h2load, which opens no new connection after a GOAWAY, stops
 * sending, and every stream that reached the server, those in flight at the GOAWAY
 * included (each takes 200 ms), is answered 2xx: the server's access log holds exactly
 * the requests h2load counts succeeded, all 200. A connection whose client never closes it gets the
 * first GOAWAY (last stream id 2^31-1), then, a moment later with no stream open, the last
 * one (the last stream processed) and the server's close. So the drain ends long before
 * its timeout: it is not forced.
 */
class JettyHttp2DrainTests {

	private static final String PATH = "/hello?delay=200";

	@TempDir
	Path temp;

	@Test
	void everyStreamSentBeforeTheGoAwayIsAnsweredAndTheDrainIsNotForced() throws Exception {
		LoadTools.install();
		Path accessLog = this.temp.resolve("access.log");
		List<String> arguments = new ArrayList<>(H2load.accessLogArguments(accessLog));
		arguments.addAll(List.of("--server.http2.enabled=true", "--hotreload.drain-timeout=30s"));
		try (JettySample sample = JettySample.start(arguments.toArray(String[]::new));
				IdleHttp2Connection idle = new IdleHttp2Connection(sample.port())) {
			long drainsBefore = sample.application().statistics().drainDurations().count();
			// Enough requests for minutes: the run ends at the GOAWAY.
			H2load h2load = H2load.start(this.temp.resolve("h2load.txt"), sample.uri(PATH).toString(),
					10_000, 2, 4, 20);
			JettySample.sleep(1000);
			assertThat(h2load.isRunning()).as("h2load running at the reload").isTrue();
			assertThat(sample.reload().status()).isEqualTo(200);
			LoadTools.H2load run = h2load.await();
			System.out.println("Jetty, h2load across a reload: " + run.started() + " streams sent, "
					+ run.succeeded() + " succeeded, " + run.status2xx() + " 2xx, of " + run.total());
			assertThat(run.protocol()).isEqualTo("h2c");
			assertThat(run.started()).as("h2load stopped at the GOAWAY").isLessThan(run.total()).isPositive();
			assertThat(run.status2xx()).as(run.report()).isEqualTo(run.succeeded());
			assertThat(idle.goAwaysUntilClosed()).containsExactly(
					new IdleHttp2Connection.GoAway(Integer.MAX_VALUE, 0), new IdleHttp2Connection.GoAway(0, 0));
			await().atMost(Duration.ofSeconds(25))
				.until(() -> sample.application().statistics().drainDurations().count() > drainsBefore
						&& sample.application().generations().size() == 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.generation()).isEqualTo(1);
			assertThat(drain.forced()).as(drain.toString()).isZero();
			assertThat(H2load.http2Answers(accessLog, PATH)).hasSize((int) run.succeeded()).containsOnly("200");
			assertThat(sample.get("/hello").generation()).isEqualTo("2");
		}
	}

}
