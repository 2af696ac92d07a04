package dev.hotreload.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.hotreload.endpoint.ReloadEndpoint;
import dev.hotreload.endpoint.ReloadEndpointExtension;
import dev.hotreload.context.ReloadableApplication;

/**
 * The {@code reload} actuator endpoint.
 */
@AutoConfiguration(after = HotReloadAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ReloadableApplication.class)
public final class ReloadEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ReloadEndpoint reloadEndpoint(ReloadableApplication application,
			ObjectProvider<ReloadEndpointExtension> extensions) {
		return new ReloadEndpoint(application.service(), application.localStatus().warnings()::all,
				extensions.orderedStream().toList());
	}

}
