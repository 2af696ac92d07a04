package dev.hotreload.boot;

import java.time.Duration;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.hotreload.autoconfigure.HotReloadProperties;
import dev.hotreload.autoconfigure.HotReloadProperties.WarmUp;
import dev.hotreload.context.ApplicationLaunch;
import dev.hotreload.context.GenerationLauncher;
import dev.hotreload.context.GenerationLauncher.PendingLaunch;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.process.WorkerLink;

/**
 * Tells each starting context whether it is a first start or a new generation. A first
 * start gets the {@link ApplicationLaunch} (the {@link SpringApplication} and its
 * arguments) so it can be run again; a new generation gets the running application and
 * its generation, so both outlive this context. Capturing the {@code SpringApplication}
 * rather than a main method works for {@code java -jar}, {@code spring-boot:run}, an
 * IDE and tests alike.
 *
 * <p>In process mode it also decides what this JVM is: the supervisor (it then never
 * creates a context) or a worker, which connects to its supervisor before anything else
 * and tells it when its first generation is ready.
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
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		if (isFirstStart()) {
			WorkerLink.connectIfWorker();
		}
		else {
			// The banner belongs to the process start, not to every generation.
			this.application.setBannerMode(Banner.Mode.OFF);
		}
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
			ConfigurableEnvironment environment) {
		if (isFirstStart()) {
			SupervisorStartup.runIfSupervisor(environment, this.args);
		}
	}

	@Override
	public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
		WorkerLink worker = WorkerLink.current();
		ReloadableApplication application = context.getBeanProvider(ReloadableApplication.class).getIfAvailable();
		if (isFirstStart() && worker != null && application != null) {
			ApplicationAvailability availability = context.getBeanProvider(ApplicationAvailability.class)
				.getIfAvailable();
			if (availability == null || availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
				WarmUp warmUp = context.getBean(HotReloadProperties.class).warmUp();
				worker.ready(application.firstGeneration(), warmUp.path(), warmUp.requests(), warmUp.concurrency());
			}
		}
	}

	private boolean isFirstStart() {
		return GenerationLauncher.pendingFor(this.application) == null;
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
