package dev.hotreload.fleet.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.cloud.bus.BusBridge;
import org.springframework.cloud.bus.PathServiceMatcher;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.cloud.bus.event.RemoteApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.AntPathMatcher;

import dev.hotreload.autoconfigure.HotReloadAutoConfiguration;
import dev.hotreload.fleet.FleetEndpointExtension;
import dev.hotreload.fleet.FleetGenerationBinding;
import dev.hotreload.fleet.FleetMetrics;
import dev.hotreload.fleet.FleetNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet is there only when enabled, and only on a bus.
 */
class FleetAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				HotReloadAutoConfiguration.class, FleetAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.runner.withUserConfiguration(Bus.class)
			.run((context) -> assertThat(context).doesNotHaveBean(FleetNode.class)
				.doesNotHaveBean(FleetEndpointExtension.class));
	}

	@Test
	void enabledOnABusItJoinsWithTheBusId() {
		this.runner.withUserConfiguration(Bus.class)
			.withPropertyValues("hotreload.fleet.enabled=true", "hotreload.fleet.batch-size=2")
			.run((context) -> {
				assertThat(context).hasSingleBean(FleetNode.class)
					.hasSingleBean(FleetGenerationBinding.class)
					.hasSingleBean(FleetEndpointExtension.class)
					.hasSingleBean(FleetMetrics.class);
				FleetNode node = context.getBean(FleetNode.class);
				assertThat(node.busId()).isEqualTo("app:a");
				assertThat(node.status().members()).singleElement()
					.satisfies((member) -> assertThat(member.self()).isTrue());
				assertThat(node.status().rollout()).isNull();
			});
	}

	@Test
	void inAWorkerTheMemberIsTheInstanceNotTheWorkersBusId() {
		// What FleetBusIdEnvironmentPostProcessor sets in a worker process.
		this.runner.withUserConfiguration(WorkerBus.class)
			.withPropertyValues("hotreload.fleet.enabled=true", FleetBusIdEnvironmentPostProcessor.MEMBER_ID + "=app:a")
			.run((context) -> {
				FleetNode node = context.getBean(FleetNode.class);
				assertThat(node.busId()).isEqualTo("app:a");
				assertThat(node.status().members()).singleElement()
					.satisfies((member) -> assertThat(member.id()).isEqualTo("app:a"));
			});
	}

	@Test
	void enabledWithoutABusItDoesNothing() {
		this.runner.withPropertyValues("hotreload.fleet.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(FleetNode.class));
	}

	@Test
	void offWhenHotReloadIsOff() {
		this.runner.withUserConfiguration(Bus.class)
			.withPropertyValues("hotreload.fleet.enabled=true", "hotreload.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FleetNode.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Bus {

		final List<RemoteApplicationEvent> sent = new CopyOnWriteArrayList<>();

		@Bean
		BusBridge busBridge() {
			return this.sent::add;
		}

		@Bean
		ServiceMatcher serviceMatcher() {
			AntPathMatcher matcher = new AntPathMatcher(":");
			return new PathServiceMatcher(matcher, "app:a");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WorkerBus {

		@Bean
		BusBridge busBridge() {
			return (event) -> {
			};
		}

		@Bean
		ServiceMatcher serviceMatcher() {
			return new PathServiceMatcher(new AntPathMatcher(":"), "app:a:4242");
		}

	}

}
