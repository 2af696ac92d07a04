package dev.hotreload.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;

import dev.hotreload.endpoint.ReloadEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reload endpoint exists when it is exposed and accessible, like any actuator endpoint.
 */
class ReloadEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				HotReloadAutoConfiguration.class, ReloadEndpointAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class));

	@Test
	void notExposedByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ReloadEndpoint.class));
	}

	@Test
	void presentWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=reload")
			.run((context) -> assertThat(context).hasSingleBean(ReloadEndpoint.class));
	}

	@Test
	void absentWithoutAccess() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=reload",
					"management.endpoint.reload.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ReloadEndpoint.class));
	}

	@Test
	void absentWhenHotReloadIsDisabled() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=reload", "hotreload.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReloadEndpoint.class));
	}

}
