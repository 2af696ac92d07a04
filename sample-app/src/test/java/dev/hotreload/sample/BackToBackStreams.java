package dev.hotreload.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests sent back to back on one HTTP/2 connection, each as soon as the one before
 * has ended, so that one is in flight at any moment; read frame by frame, with no
 * RST_STREAM allowed.
 */
final class BackToBackStreams {

	private final RawHttp2Connection connection;

	private final String path;

	private final List<String> answered = new ArrayList<>();

	private final StringBuilder body = new StringBuilder();

	private int stream;

	private boolean status200;

	private final List<Instant> answeredAt = new ArrayList<>();

	private volatile Instant goAwayAt;

	BackToBackStreams(RawHttp2Connection connection, int firstStream, String path) throws Exception {
		this.connection = connection;
		this.path = path;
		this.stream = firstStream;
		connection.get(firstStream, path);
	}

	/**
	 * Reads until a GOAWAY, sending the next request whenever one is answered.
	 * @return the GOAWAY, {@code null} if the server closed without one
	 */
	RawHttp2Connection.Frame untilGoAway() throws Exception {
		RawHttp2Connection.Frame frame;
		while ((frame = this.connection.next()) != null) {
			if (frame.type() == RawHttp2Connection.GOAWAY) {
				this.goAwayAt = Instant.now();
				return frame;
			}
			if (read(frame)) {
				this.stream += 2;
				this.connection.get(this.stream, this.path);
			}
		}
		return null;
	}

	RawHttp2Connection.Frame untilGoAwayUnchecked() {
		try {
			return untilGoAway();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** When {@link #untilGoAway()} read the GOAWAY, {@code null} before. */
	Instant goAwayAt() {
		return this.goAwayAt;
	}

	/** When each answer was read, in order. */
	List<Instant> answeredAt() {
		return this.answeredAt;
	}

	/**
	 * Reads until the server closes the connection, sending nothing more.
	 * @return the last GOAWAY read, {@code null} if none
	 */
	RawHttp2Connection.Frame untilClosed() throws Exception {
		RawHttp2Connection.Frame last = null;
		RawHttp2Connection.Frame frame;
		while ((frame = this.connection.next()) != null) {
			if (frame.type() == RawHttp2Connection.GOAWAY) {
				last = frame;
			}
			else {
				read(frame);
			}
		}
		return last;
	}

	/**
	 * Reads until the request sent last is answered, sending nothing more.
	 * @return its body
	 */
	String untilLastAnswered() throws Exception {
		RawHttp2Connection.Frame frame;
		while ((frame = this.connection.next()) != null) {
			if (frame.type() != RawHttp2Connection.GOAWAY && read(frame)) {
				return this.answered.get(this.answered.size() - 1);
			}
		}
		throw new AssertionError("Connection closed before stream " + this.stream + " ended");
	}

	/** The bodies of the requests answered, in order; each had status 200. */
	List<String> answered() {
		return this.answered;
	}

	/** The stream of the request sent last. */
	int stream() {
		return this.stream;
	}

	private boolean read(RawHttp2Connection.Frame frame) {
		assertThat(frame.type()).as("no RST_STREAM").isNotEqualTo(0x3);
		if (frame.streamId() != this.stream) {
			return false;
		}
		if (frame.isStatus200()) {
			this.status200 = true;
		}
		else if (frame.type() == RawHttp2Connection.DATA) {
			this.body.append(frame.text());
		}
		if (!frame.endsStream()) {
			return false;
		}
		assertThat(this.status200).as("status 200 on stream " + this.stream).isTrue();
		this.answered.add(this.body.toString());
		this.answeredAt.add(Instant.now());
		this.body.setLength(0);
		this.status200 = false;
		return true;
	}

}
