package dev.hotreload.tomcat;

import java.lang.reflect.Field;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ActionHook;
import org.apache.coyote.Processor;
import org.apache.coyote.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Makes every HTTP/1.1 response committed while its connector's keep-alive is off
 * ({@code maxKeepAliveRequests} 1, as a drain sets it) carry {@code Connection: close},
 * whenever its request began. Tomcat decides keep-alive as a request begins, so without
 * this a request in flight when the drain starts (the reload's own POST among them) is
 * answered keep-alive, and its client's next request on that connection reaches the old
 * generation. A {@code Connection: close} header present at the commit makes Tomcat close
 * the connection after the response.
 *
 * <p>Tomcat has no commit callback: each HTTP/1.1 processor's response reaches its
 * processor through an {@link ActionHook} (a package-private field), which this wraps.
 * Switching protocols (101, an h2c upgrade) is left alone; HTTP/2 streams have processors
 * of their own and get GOAWAY instead.
 */
final class CloseOnCommit implements ActionHook {

	/** The response's hook, set by {@code AbstractProcessor}'s constructor and never reset. */
	private static final Field HOOK;

	static {
		try {
			HOOK = Response.class.getDeclaredField("hook");
			HOOK.setAccessible(true);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ActionHook processor;

	private final Response response;

	private final AbstractHttp11Protocol<?> protocol;

	private CloseOnCommit(ActionHook processor, Response response, AbstractHttp11Protocol<?> protocol) {
		this.processor = processor;
		this.response = response;
		this.protocol = protocol;
	}

	/**
	 * Wraps the hook of a new HTTP/1.1 processor's response.
	 * @param processor the processor, as the protocol created it
	 * @param protocol its protocol, whose keep-alive setting is read at each commit
	 * @return the processor
	 */
	static Processor install(Processor processor, AbstractHttp11Protocol<?> protocol) {
		Response response = processor.getRequest().getResponse();
		try {
			HOOK.set(response, new CloseOnCommit((ActionHook) HOOK.get(response), response, protocol));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot reach the hook of Tomcat's response", ex);
		}
		return processor;
	}

	@Override
	public void action(ActionCode code, Object param) {
		// Each of these commits a response not yet committed.
		if ((code == ActionCode.COMMIT || code == ActionCode.CLOSE || code == ActionCode.CLIENT_FLUSH)
				&& !this.response.isCommitted() && this.protocol.getMaxKeepAliveRequests() == 1
				&& this.response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
			MimeHeaders headers = this.response.getMimeHeaders();
			if (!saysClose(headers)) {
				headers.addValue("Connection").setString("close");
			}
		}
		this.processor.action(code, param);
	}

	private static boolean saysClose(MimeHeaders headers) {
		Enumeration<String> values = headers.values("Connection");
		while (values.hasMoreElements()) {
			for (String token : values.nextElement().split(",")) {
				if (token.trim().toLowerCase(Locale.ROOT).equals("close")) {
					return true;
				}
			}
		}
		return false;
	}

}
