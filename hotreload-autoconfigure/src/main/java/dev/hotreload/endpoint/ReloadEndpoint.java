package dev.hotreload.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.reload.ReloadWarning;

/**
 * {@code GET /actuator/reload} shows where reloading stands; {@code POST} reloads (or
 * joins the reload waiting to start) and answers as soon as the switch happened or
 * failed, without waiting for the old generation to drain: this very request is one of
 * the connections the old generation drains. {@code POST /actuator/reload/context} and
 * {@code /actuator/reload/process} pick what the reload starts; a plain {@code POST}
 * starts the mode's default (a context, or in process mode a worker).
 * Read-only unless access is granted, like Spring Boot's other write operations.
 */
@Endpoint(id = "reload", defaultAccess = Access.READ_ONLY)
public class ReloadEndpoint {

	private final ReloadService reloads;

	private final Supplier<List<ReloadWarning>> warnings;

	private final List<ReloadEndpointExtension> extensions;

	public ReloadEndpoint(ReloadService reloads) {
		this(reloads, List::of);
	}

	/**
	 * Creates the endpoint.
	 * @param reloads the reloads it shows and starts
	 * @param warnings what the live generations of this JVM were warned about
	 */
	public ReloadEndpoint(ReloadService reloads, Supplier<List<ReloadWarning>> warnings) {
		this(reloads, warnings, List.of());
	}

	/**
	 * Creates the endpoint with what optional modules add to it.
	 * @param reloads the reloads it shows and starts
	 * @param warnings what the live generations of this JVM were warned about
	 * @param extensions sections of the status, each with a {@code POST} of its own
	 */
	public ReloadEndpoint(ReloadService reloads, Supplier<List<ReloadWarning>> warnings,
			List<ReloadEndpointExtension> extensions) {
		this.reloads = reloads;
		this.warnings = warnings;
		this.extensions = List.copyOf(extensions);
	}

	@ReadOperation
	public ReloadStatus status() {
		ReloadStatus status = this.reloads.status().withWarnings(this.warnings.get());
		if (this.extensions.isEmpty()) {
			return status;
		}
		Map<String, Object> sections = new LinkedHashMap<>();
		for (ReloadEndpointExtension extension : this.extensions) {
			Object section = extension.status();
			if (section != null) {
				sections.put(extension.name(), section);
			}
		}
		return status.withSections(sections);
	}

	@WriteOperation
	public WebEndpointResponse<?> reload() {
		return reload((ReloadKind) null);
	}

	/**
	 * {@code POST /actuator/reload/context} or {@code /actuator/reload/process}, or the
	 * {@code POST} of an extension ({@code /actuator/reload/fleet}).
	 * @param kind what the reload starts, or an extension's name
	 * @return the outcome, or 400 for a kind that does not exist
	 */
	@WriteOperation
	public WebEndpointResponse<?> reloadKind(@Selector String kind) {
		for (ReloadEndpointExtension extension : this.extensions) {
			if (extension.name().equals(kind)) {
				return extension.post();
			}
		}
		ReloadKind requested;
		try {
			requested = ReloadKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(new BadRequest("kind must be one of "
					+ Arrays.toString(ReloadKind.values()).toLowerCase(Locale.ROOT) + ", got '" + kind + "'"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return reload(requested);
	}

	private WebEndpointResponse<ReloadResult> reload(@Nullable ReloadKind requested) {
		// The joined reload may wait behind the running one: allow for both.
		Duration wait = this.reloads.reloadTimeout().multipliedBy(2).plusSeconds(5);
		ReloadResult result;
		try {
			result = this.reloads.requestReload(ReloadRequest.endpoint(requested)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			result = stillRunning(requested, "The reload did not end within " + wait + "; see GET /actuator/reload");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result = stillRunning(requested, "Interrupted while waiting for the reload; see GET /actuator/reload");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Reload failed unexpectedly", ex.getCause());
		}
		return new WebEndpointResponse<>(result, statusOf(result.outcome()));
	}

	private ReloadResult stillRunning(@Nullable ReloadKind kind, String error) {
		return new ReloadResult(this.reloads.currentGeneration(), (kind != null) ? kind : ReloadKind.CONTEXT,
				ReloadTrigger.ENDPOINT, ReloadOutcome.TIMEOUT, Instant.now(), 0, null, error);
	}

	private static int statusOf(ReloadOutcome outcome) {
		return switch (outcome) {
			case SUCCESS -> WebEndpointResponse.STATUS_OK;
			// A POST answers at the switch: a rollback comes later, and shows in the status.
			case FAILURE, ROLLED_BACK -> WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR;
			case TIMEOUT, REJECTED -> WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
		};
	}

	/**
	 * The answer to a reload request that could not be understood.
	 *
	 * @param error what was wrong with it
	 */
	public record BadRequest(String error) {
	}

}
