package dev.hotreload.boot;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.reload.ApplicationLaunch;
import dev.hotreload.reload.GenerationLauncher;
import dev.hotreload.reload.GenerationLauncher.PendingLaunch;

/**
 * Tells each starting context whether it is a first start or a new generation. A first
 * start gets the {@link ApplicationLaunch} (the {@link SpringApplication} and its
 * arguments) so it can be run again; a new generation gets the running application and
 * its generation, so both outlive this context. Capturing the {@code SpringApplication}
 * rather than a main method works for {@code java -jar}, {@code spring-boot:run}, an
 * IDE and tests alike.
 */
public class GenerationRunListener implements SpringApplicationRunListener {

	/** The bean that holds how the application was first started. */
	public static final String LAUNCH_BEAN_NAME = "hotReloadApplicationLaunch";

	/** The bean that holds the running application in a new generation. */
	public static final String APPLICATION_BEAN_NAME = "reloadableApplication";

	/** The bean that holds a new generation. */
	public static final String GENERATION_BEAN_NAME = "hotReloadGeneration";

	private final SpringApplication application;

	private final String[] args;

	public GenerationRunListener(SpringApplication application, String[] args) {
		this.application = application;
		this.args = args;
	}

	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		PendingLaunch pending = GenerationLauncher.pendingFor(this.application);
		if (pending != null) {
			beanFactory.registerSingleton(APPLICATION_BEAN_NAME, pending.owner());
			beanFactory.registerSingleton(GENERATION_BEAN_NAME, pending.generation());
		}
		else {
			beanFactory.registerSingleton(LAUNCH_BEAN_NAME, new ApplicationLaunch(this.application, this.args,
					Thread.currentThread().getContextClassLoader()));
		}
	}

}
