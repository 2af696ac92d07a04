package dev.hotreload.jetty;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

/**
 * Makes an HTTP/1.1 response committed while its connector's keep-alive is stopped carry
 * {@code Connection: close}, whenever its request began: Jetty decides keep-alive as a
 * request begins, so without this a request in flight when the drain starts (the reload's
 * own POST among them) would be answered keep-alive, and then have its connection shut
 * under a client that expects to send again. Jetty closes the connection after a response
 * that says {@code close}. Interim and switching-protocols responses are left alone.
 */
final class CloseWhenDraining extends HttpStream.Wrapper {

	private final BooleanSupplier keepAliveStopped;

	CloseWhenDraining(HttpStream stream, BooleanSupplier keepAliveStopped) {
		super(stream);
		this.keepAliveStopped = keepAliveStopped;
	}

	@Override
	public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
			Callback callback) {
		MetaData.Response sent = response;
		if (response != null && response.getStatus() >= HttpStatus.OK_200 && this.keepAliveStopped.getAsBoolean()
				&& !response.getHttpFields().contains(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString())) {
			HttpFields fields = HttpFields.build(response.getHttpFields())
				.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
			sent = new MetaData.Response(response.getStatus(), response.getReason(), response.getHttpVersion(), fields,
					response.getContentLength(), response.getTrailersSupplier());
		}
		super.send(request, sent, last, content, callback);
	}

}
