package dev.hotreload.samplewebflux;

import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;

/**
 * Reloading is an operator's action: {@code POST /actuator/reload} needs the {@code OPS}
 * role (HTTP basic; the user is {@code spring.security.user.*}). Everything else, the
 * reload status included, stays open. Reactive Spring Security, with no session.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange((exchanges) -> exchanges
				.matchers(EndpointRequest.to("reload").withHttpMethod(HttpMethod.POST))
				.hasRole("OPS")
				.anyExchange()
				.permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
					CsrfWebFilter.DEFAULT_CSRF_MATCHER, new NegatedServerWebExchangeMatcher(EndpointRequest.toAnyEndpoint()))))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.build();
	}

}
