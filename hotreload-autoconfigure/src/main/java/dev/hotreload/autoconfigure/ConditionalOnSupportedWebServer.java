package dev.hotreload.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the application runs on an embedded server that generations can share a
 * listener with, picked as Spring Boot picks it: a servlet application with Tomcat or Jetty
 * on the class path, or a reactive one with Reactor Netty. Class names, not classes, so
 * that any of them may be absent.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnSupportedWebServer.SupportedWebServerCondition.class)
@interface ConditionalOnSupportedWebServer {

	/**
	 * The servers whose generation customizers exist: {@code dev.hotreload.tomcat},
	 * {@code dev.hotreload.jetty} and {@code dev.hotreload.netty}.
	 */
	final class SupportedWebServerCondition extends AnyNestedCondition {

		SupportedWebServerCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnWebApplication(type = Type.SERVLET)
		@ConditionalOnClass(name = { TomcatGenerationConfiguration.TOMCAT, TomcatGenerationConfiguration.FACTORY })
		static final class OnTomcat {

		}

		@ConditionalOnWebApplication(type = Type.SERVLET)
		@ConditionalOnClass(name = { JettyGenerationConfiguration.JETTY, JettyGenerationConfiguration.FACTORY })
		static final class OnJetty {

		}

		@ConditionalOnWebApplication(type = Type.REACTIVE)
		@ConditionalOnClass(name = { NettyGenerationConfiguration.HTTP_SERVER, NettyGenerationConfiguration.FACTORY })
		static final class OnReactorNetty {

		}

	}

}
