package dev.hotreload.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadableApplication;

/**
 * {@code GET /actuator/reload} shows where reloading stands; {@code POST} reloads (or
 * joins the reload waiting to start) and answers as soon as the switch happened or
 * failed, without waiting for the old generation to drain: this very request is one of
 * the connections the old generation drains. Read-only unless access is granted, like
 * Spring Boot's other write operations.
 */
@Endpoint(id = "reload", defaultAccess = Access.READ_ONLY)
public class ReloadEndpoint {

	private final ReloadableApplication application;

	public ReloadEndpoint(ReloadableApplication application) {
		this.application = application;
	}

	@ReadOperation
	public ReloadStatus status() {
		return this.application.status();
	}

	@WriteOperation
	public WebEndpointResponse<ReloadResult> reload() {
		// The joined reload may wait behind the running one: allow for both.
		Duration wait = this.application.currentSettings().reloadTimeout().multipliedBy(2).plusSeconds(5);
		ReloadResult result;
		try {
			result = this.application.requestReload().get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			result = stillRunning("The reload did not end within " + wait + "; see GET /actuator/reload");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result = stillRunning("Interrupted while waiting for the reload; see GET /actuator/reload");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Reload failed unexpectedly", ex.getCause());
		}
		return new WebEndpointResponse<>(result, statusOf(result.outcome()));
	}

	private ReloadResult stillRunning(String error) {
		return new ReloadResult(this.application.currentGeneration(), ReloadOutcome.TIMEOUT, Instant.now(), 0, null,
				error);
	}

	private static int statusOf(ReloadOutcome outcome) {
		return switch (outcome) {
			case SUCCESS -> WebEndpointResponse.STATUS_OK;
			case FAILURE -> WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR;
			case TIMEOUT, REJECTED -> WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
		};
	}

}
