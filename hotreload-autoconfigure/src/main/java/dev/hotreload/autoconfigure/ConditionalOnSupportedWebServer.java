package dev.hotreload.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when an embedded servlet server that generations can share a listener with is on
 * the class path: Tomcat or Jetty. Class names, not classes, so that either may be absent.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnSupportedWebServer.SupportedWebServerCondition.class)
@interface ConditionalOnSupportedWebServer {

	/** The servers whose generation customizers exist: {@code dev.hotreload.tomcat} and {@code dev.hotreload.jetty}. */
	final class SupportedWebServerCondition extends AnyNestedCondition {

		SupportedWebServerCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnClass(name = { TomcatGenerationConfiguration.TOMCAT, TomcatGenerationConfiguration.FACTORY })
		static final class OnTomcat {

		}

		@ConditionalOnClass(name = { JettyGenerationConfiguration.JETTY, JettyGenerationConfiguration.FACTORY })
		static final class OnJetty {

		}

	}

}
