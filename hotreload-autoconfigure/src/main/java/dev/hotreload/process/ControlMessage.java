package dev.hotreload.process;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One message between the supervisor and a worker: a type and named fields, sent as one
 * line ({@code TYPE name=value ...}, values URL-encoded). Text, so that a supervisor and a
 * worker from different releases still understand what they both know, and fields one of
 * them does not know are ignored.
 */
final class ControlMessage {

	private final String type;

	private final Map<String, String> fields;

	private ControlMessage(String type, Map<String, String> fields) {
		this.type = type;
		this.fields = fields;
	}

	static ControlMessage of(String type) {
		return new ControlMessage(type, new LinkedHashMap<>());
	}

	ControlMessage with(String name, @Nullable Object value) {
		if (value != null) {
			this.fields.put(name, value.toString());
		}
		return this;
	}

	ControlMessage withAll(Map<String, String> more) {
		this.fields.putAll(more);
		return this;
	}

	String type() {
		return this.type;
	}

	Map<String, String> fields() {
		return this.fields;
	}

	@Nullable String get(String name) {
		return this.fields.get(name);
	}

	String require(String name) {
		String value = this.fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Control message " + this.type + " lacks field '" + name + "'");
		}
		return value;
	}

	int requireInt(String name) {
		return Integer.parseInt(require(name));
	}

	String encode() {
		StringBuilder line = new StringBuilder(this.type);
		this.fields.forEach((name, value) -> line.append(' ')
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return line.toString();
	}

	static ControlMessage decode(String line) {
		String[] parts = line.trim().split(" ");
		if (parts[0].isEmpty()) {
			throw new IllegalArgumentException("Empty control message");
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 1; i < parts.length; i++) {
			int equals = parts[i].indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("Malformed field '" + parts[i] + "' in control message " + parts[0]);
			}
			fields.put(parts[i].substring(0, equals),
					URLDecoder.decode(parts[i].substring(equals + 1), StandardCharsets.UTF_8));
		}
		return new ControlMessage(parts[0], fields);
	}

	@Override
	public String toString() {
		return encode();
	}

}
