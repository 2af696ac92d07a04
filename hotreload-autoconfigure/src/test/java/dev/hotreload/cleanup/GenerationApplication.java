package dev.hotreload.cleanup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ReflectionUtils;

/**
 * An application that a test runs on a class loader of its own: its configuration is
 * proxied, binds properties and listens for events, as an application's does, and its
 * bean methods are searched for annotations, as Spring AMQP's {@code @RabbitListener}
 * processor searches every method of every bean, so that Spring caches what it learns of
 * its classes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(GenerationApplication.Greeting.class)
class GenerationApplication {

	@Bean
	String greetingText(Greeting greeting, @Value("${greeting.name:world}") String name) {
		return greeting.getPrefix() + " " + name;
	}

	@Bean
	static BeanPostProcessor listenerMethodSearch() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				ReflectionUtils.doWithMethods(bean.getClass(),
						(method) -> MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(Bean.class));
				return bean;
			}

		};
	}

	@EventListener
	void refreshed(ContextRefreshedEvent event) {
		event.getApplicationContext().getBean("greetingText");
	}

	@ConfigurationProperties("greeting")
	static class Greeting {

		private String prefix = "Hello";

		String getPrefix() {
			return this.prefix;
		}

		void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

}
