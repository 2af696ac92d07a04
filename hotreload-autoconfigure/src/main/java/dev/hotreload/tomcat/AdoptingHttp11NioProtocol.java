package dev.hotreload.tomcat;

import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * The HTTP/1.1 NIO protocol on an {@link AdoptingNioEndpoint}. Tomcat instantiates it by
 * class name, hence the public no-argument constructor.
 */
public class AdoptingHttp11NioProtocol extends Http11NioProtocol {

	public AdoptingHttp11NioProtocol() {
		super(new AdoptingNioEndpoint());
		adoptingEndpoint().enableMigration();
	}

	/**
	 * Tomcat's processor, whose responses close their connection once keep-alive is off,
	 * whenever their request began ({@link CloseOnCommit}).
	 */
	@Override
	protected Processor createProcessor() {
		return CloseOnCommit.install(super.createProcessor(), this);
	}

	AdoptingNioEndpoint adoptingEndpoint() {
		return (AdoptingNioEndpoint) getEndpoint();
	}

}
