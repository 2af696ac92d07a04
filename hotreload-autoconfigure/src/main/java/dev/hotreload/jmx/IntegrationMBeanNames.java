package dev.hotreload.jmx;

import java.util.Map;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.PriorityOrdered;
import org.springframework.integration.monitor.IntegrationMBeanExporter;

import dev.hotreload.boot.GenerationRunListener;
import dev.hotreload.context.Generation;

/**
 * Gives the MBean names of Spring Integration's JMX (which Spring Cloud Stream brings) a
 * {@code generation} key in every generation after the first of this JVM: its channels'
 * names are fixed ({@code errorChannel}), so two live generations would register the same.
 * Its exporter is itself a post-processor, created before ordinary ones apply: this one is
 * {@link PriorityOrdered} so that it is registered first, and it reads the generation only
 * where the launcher registered it (the first generation's is not created yet at that
 * point, and its names stay as they are).
 */
public final class IntegrationMBeanNames implements BeanPostProcessor, PriorityOrdered {

	private final ConfigurableListableBeanFactory beanFactory;

	public IntegrationMBeanNames(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof IntegrationMBeanExporter exporter
				&& this.beanFactory.containsSingleton(GenerationRunListener.GENERATION_BEAN_NAME)
				&& this.beanFactory.getSingleton(GenerationRunListener.GENERATION_BEAN_NAME) instanceof Generation generation) {
			exporter.setObjectNameStaticProperties(Map.of("generation", Integer.toString(generation.number())));
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

}
