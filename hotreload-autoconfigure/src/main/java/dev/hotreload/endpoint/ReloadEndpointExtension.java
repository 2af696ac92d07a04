package dev.hotreload.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Something an optional module adds to the {@code reload} endpoint: a section of
 * {@code GET /actuator/reload}, under its name, and {@code POST /actuator/reload/<name>}.
 * Both are the endpoint's own operations, so they have its access rules and its security.
 * A bean of this type in a generation's context is picked up by that generation's
 * endpoint.
 */
public interface ReloadEndpointExtension {

	/**
	 * The name: the key of its section in the status and the last segment of its POST.
	 * Must not be the name of a {@code ReloadKind}.
	 * @return the name, lower case
	 */
	String name();

	/**
	 * Its section of the status.
	 * @return the section, serialized to JSON; {@code null} for none
	 */
	@Nullable Object status();

	/**
	 * {@code POST /actuator/reload/<name>}.
	 * @return the answer, with its HTTP status
	 */
	WebEndpointResponse<?> post();

}
