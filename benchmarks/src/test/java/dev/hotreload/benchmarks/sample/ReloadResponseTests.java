package dev.hotreload.benchmarks.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer to {@code POST /actuator/reload} is read from its JSON, with every field the
 * body does not carry read as absent rather than failing.
 */
class ReloadResponseTests {

	@Test
	void successfulReloadReadsEveryField() {
		String body = """
				{"generation":7,"outcome":"SUCCESS","startedAt":"2026-01-01T10:00:00Z","durationMillis":812,\
				"startupMillis":640,"error":null}""";
		ReloadResponse response = ReloadResponse.parse(200, body);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.generation()).isEqualTo(7);
		assertThat(response.outcome()).isEqualTo("SUCCESS");
		assertThat(response.duration()).isEqualTo(Duration.ofMillis(812));
		assertThat(response.startup()).isEqualTo(Duration.ofMillis(640));
		assertThat(response.body()).isEqualTo(body);
		assertThat(response.succeeded()).isTrue();
	}

	@Test
	void processReloadReadsItsKind() {
		ReloadResponse response = ReloadResponse.parse(200, """
				{"generation":2,"kind":"PROCESS","outcome":"SUCCESS","startedAt":"2026-12-01T08:10:54.257Z",\
				"durationMillis":6054,"startupMillis":6019,"error":null}""");
		assertThat(response.kind()).isEqualTo("PROCESS");
		assertThat(response.generation()).isEqualTo(2);
		assertThat(response.succeeded()).isTrue();
		assertThat(ReloadResponse.parse(200, "{\"generation\":3,\"outcome\":\"SUCCESS\"}").kind())
			.isEqualTo("UNKNOWN");
	}

	@Test
	void readsWhatAskedForTheReload() {
		ReloadResponse response = ReloadResponse.parse(200, """
				{"generation":4,"kind":"CONTEXT","trigger":"FILE","outcome":"SUCCESS","durationMillis":480}""");
		assertThat(response.trigger()).isEqualTo("FILE");
		assertThat(ReloadResponse.parse(200, "{\"generation\":3,\"outcome\":\"SUCCESS\"}").trigger())
			.isEqualTo("UNKNOWN");
	}

	@Test
	void failedReloadWithoutStartupReadsItAsZero() {
		ReloadResponse response = ReloadResponse.parse(500, """
				{
				  "generation" : 3,
				  "outcome" : "FAILURE",
				  "durationMillis" : 120,
				  "startupMillis" : null,
				  "error" : "Context path must start with '/'"
				}""");
		assertThat(response.generation()).isEqualTo(3);
		assertThat(response.outcome()).isEqualTo("FAILURE");
		assertThat(response.duration()).isEqualTo(Duration.ofMillis(120));
		assertThat(response.startup()).isZero();
		assertThat(response.succeeded()).isFalse();
	}

	@Test
	void successOutcomeWithAnotherStatusIsNotASuccess() {
		assertThat(ReloadResponse.parse(503, "{\"generation\":2,\"outcome\":\"SUCCESS\"}").succeeded()).isFalse();
	}

	@Test
	void bodyThatIsNotJsonReadsAsAbsentFields() {
		for (String body : new String[] { "", "<html><body>Unauthorized</body></html>", "[1, 2]" }) {
			ReloadResponse response = ReloadResponse.parse(401, body);
			assertThat(response.generation()).as(body).isEqualTo(-1);
			assertThat(response.outcome()).as(body).isEqualTo("UNKNOWN");
			assertThat(response.duration()).as(body).isZero();
			assertThat(response.startup()).as(body).isZero();
			assertThat(response.body()).isEqualTo(body);
			assertThat(response.succeeded()).isFalse();
		}
	}

}
