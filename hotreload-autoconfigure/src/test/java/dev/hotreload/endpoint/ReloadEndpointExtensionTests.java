package dev.hotreload.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.hotreload.reload.ReloadMode;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ReloadEndpointExtensionTests {

	private final ReloadEndpoint endpoint = new ReloadEndpoint(new IdleService(), List::of,
			List.of(new Extension()));

	@Test
	void sectionIsAtTheTopLevelOfTheStatusJson() {
		Map<String, Object> json = JsonMapper.builder().build().convertValue(this.endpoint.status(), new TypeReference<Map<String, Object>>() { });
		assertThat(json).containsEntry("currentGeneration", 1).doesNotContainKey("sections");
		assertThat(json.get("demo")).isEqualTo(Map.of("members", 3));
	}

	@Test
	void postWithTheExtensionsNameRunsItsOperation() {
		WebEndpointResponse<?> response = this.endpoint.reloadKind("demo");
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getBody()).isEqualTo("accepted");
	}

	@Test
	void otherNamesAreStillKindsOfReload() {
		assertThat(this.endpoint.reloadKind("nonsense").getStatus()).isEqualTo(400);
	}

	private static final class Extension implements ReloadEndpointExtension {

		@Override
		public String name() {
			return "demo";
		}

		@Override
		public @Nullable Object status() {
			return Map.of("members", 3);
		}

		@Override
		public WebEndpointResponse<?> post() {
			return new WebEndpointResponse<>("accepted", 202);
		}

	}

	private static final class IdleService implements ReloadService {

		private final ReloadStatistics statistics = new ReloadStatistics();

		@Override
		public CompletableFuture<ReloadResult> requestReload(ReloadRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ReloadStatus status() {
			return new ReloadStatus(true, ReloadMode.CONTEXT, 1, false, false, List.of(), null, List.of(), null,
					List.of());
		}

		@Override
		public int currentGeneration() {
			return 1;
		}

		@Override
		public ReloadStatistics statistics() {
			return this.statistics;
		}

		@Override
		public Duration reloadTimeout() {
			return Duration.ofSeconds(30);
		}

	}

}
