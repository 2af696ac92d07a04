package dev.hotreload.singleton;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.Lifecycle;
import org.springframework.context.Phased;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ApplicationContextEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.util.ClassUtils;

/**
 * One generation's singleton work: its task schedulers that run {@code @Scheduled} tasks
 * (paused and resumed through their {@code SmartLifecycle}, Spring Framework 6.1's
 * pause and resume), and its lifecycles that listen for messages or are marked as
 * singleton work (left alone by the context's lifecycle processor while held, started
 * and stopped here).
 *
 * <p>A generation that holds its work (one that starts while another runs the work)
 * pauses its schedulers before its {@code @Scheduled} tasks are scheduled, on the
 * context's refresh, and leaves its listeners stopped until {@link #start()}.
 */
public class GenerationSingletons implements ApplicationListener<ApplicationContextEvent>, Ordered {

	/** The scheduler {@code @Scheduled} tasks run on unless they name another. */
	public static final String SCHEDULER_BEAN_NAME = "taskScheduler";

	private static final Log logger = LogFactory.getLog(GenerationSingletons.class);

	// Message listener containers and their registries, and Spring Integration's inbound
	// adapters: each brings work from outside, not from a request.
	private static final List<String> LISTENER_TYPES = List.of(
			"org.springframework.jms.config.JmsListenerEndpointRegistry",
			"org.springframework.jms.listener.AbstractJmsListeningContainer",
			"org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry",
			"org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer",
			"org.springframework.kafka.config.KafkaListenerEndpointRegistry",
			"org.springframework.kafka.listener.MessageListenerContainer",
			"org.springframework.integration.endpoint.SourcePollingChannelAdapter",
			"org.springframework.integration.endpoint.MessageProducerSupport");

	private final int generation;

	private final ConfigurableListableBeanFactory beanFactory;

	private final SingletonSettings settings;

	private volatile boolean held;

	private volatile @Nullable Work work;

	/**
	 * @param generation the generation's number
	 * @param beanFactory the generation's bean factory
	 * @param settings the generation's settings
	 * @param held whether it starts holding its work until {@link #start()}
	 */
	public GenerationSingletons(int generation, ConfigurableListableBeanFactory beanFactory,
			SingletonSettings settings, boolean held) {
		this.generation = generation;
		this.beanFactory = beanFactory;
		this.settings = settings;
		this.held = held;
	}

	public int generation() {
		return this.generation;
	}

	public SingletonSettings settings() {
		return this.settings;
	}

	/**
	 * Whether this generation holds its work: it has not been started, or was stopped.
	 * @return {@code true} while held
	 */
	public boolean isHeld() {
		return this.held;
	}

	/**
	 * Whether this generation has any singleton work.
	 * @return {@code true} if it has schedulers or lifecycles to move
	 */
	public boolean hasWork() {
		Work found = work();
		return !found.schedulers().isEmpty() || !found.lifecycles().isEmpty();
	}

	/**
	 * The lifecycles the context's lifecycle processor must neither start nor stop while
	 * they are held.
	 * @return their bean names, empty unless held
	 */
	Set<String> heldLifecycles() {
		return this.held ? work().lifecycles().keySet() : Set.of();
	}

	@Override
	public void onApplicationEvent(ApplicationContextEvent event) {
		if (!this.held || !ownContext(event)) {
			return;
		}
		if (event instanceof ContextRefreshedEvent) {
			// Before @Scheduled tasks are scheduled (on this same event, at a lower
			// precedence): they then wait in the paused scheduler until the switch.
			work().schedulers().values().forEach(Lifecycle::stop);
		}
		else if (event instanceof ContextClosedEvent) {
			// Closing wakes the paused scheduler's threads: a task they hold must not run.
			cancelScheduledTasks();
		}
	}

	private boolean ownContext(ApplicationContextEvent event) {
		return event.getApplicationContext() instanceof AbstractApplicationContext context
				&& context.getBeanFactory() == this.beanFactory;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Starts this generation's work: resumes its schedulers (its {@code @Scheduled} tasks
	 * run from now on), then starts its lifecycles, lowest phase first.
	 */
	public void start() {
		Work found = work();
		found.schedulers().values().forEach(Lifecycle::start);
		for (Lifecycle lifecycle : byPhase(found.lifecycles(), false)) {
			if (!lifecycle.isRunning()) {
				lifecycle.start();
			}
		}
		this.held = false;
	}

	/**
	 * Stops this generation's work and waits for what runs to end: its lifecycles,
	 * highest phase first, then its schedulers, paused once an execution under way ends.
	 * Their scheduled tasks stay scheduled, so that {@link #start} resumes them if traffic
	 * comes back to this generation (a rollback); its context's close cancels them.
	 * @param timeout how long to wait for running work to end
	 * @return whether all of it ended within the timeout
	 */
	public boolean stop(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Work found = work();
		boolean inTime = true;
		for (Lifecycle lifecycle : byPhase(found.lifecycles(), true)) {
			if (lifecycle.isRunning()) {
				inTime &= await(stopping(List.of(lifecycle)), deadline, timeout);
			}
		}
		this.held = true;
		CountDownLatch schedulers = stopping(found.schedulers().values());
		inTime &= await(schedulers, deadline, timeout);
		return inTime;
	}

	private static CountDownLatch stopping(Collection<Lifecycle> lifecycles) {
		CountDownLatch stopped = new CountDownLatch(lifecycles.size());
		for (Lifecycle lifecycle : lifecycles) {
			if (lifecycle instanceof SmartLifecycle smart) {
				smart.stop(stopped::countDown);
			}
			else {
				lifecycle.stop();
				stopped.countDown();
			}
		}
		return stopped;
	}

	private boolean await(CountDownLatch stopped, long deadline, Duration timeout) {
		try {
			if (stopped.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.warn("Generation " + this.generation + "'s singleton work did not stop within " + timeout
				+ " (hotreload.singletons.stop-timeout)");
		return false;
	}

	private void cancelScheduledTasks() {
		for (ScheduledTaskHolder holder : this.beanFactory.getBeansOfType(ScheduledTaskHolder.class, false, false)
			.values()) {
			holder.getScheduledTasks().forEach((task) -> task.cancel(false));
		}
	}

	private static List<Lifecycle> byPhase(Map<String, Lifecycle> lifecycles, boolean highestFirst) {
		Comparator<Lifecycle> order = Comparator.comparingInt(GenerationSingletons::phase);
		return lifecycles.values().stream().sorted(highestFirst ? order.reversed() : order).toList();
	}

	private static int phase(Lifecycle lifecycle) {
		return (lifecycle instanceof Phased phased) ? phased.getPhase() : 0;
	}

	private Work work() {
		Work found = this.work;
		if (found == null) {
			found = find();
			this.work = found;
		}
		return found;
	}

	private Work find() {
		Map<String, Lifecycle> schedulers = new LinkedHashMap<>();
		Map<String, Lifecycle> lifecycles = new LinkedHashMap<>();
		for (String name : this.beanFactory.getBeanNamesForType(Lifecycle.class, false, false)) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null || AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME.equals(name)) {
				continue;
			}
			boolean listed = this.settings.beans().contains(name);
			if (TaskScheduler.class.isAssignableFrom(type)) {
				if (listed || SCHEDULER_BEAN_NAME.equals(name)) {
					schedulers.put(name, this.beanFactory.getBean(name, Lifecycle.class));
				}
			}
			else if (listed || isListener(type)
					|| this.beanFactory.findAnnotationOnBean(name, SingletonLifecycle.class, false) != null) {
				lifecycles.put(name, this.beanFactory.getBean(name, Lifecycle.class));
			}
		}
		return new Work(schedulers, lifecycles);
	}

	private static boolean isListener(Class<?> type) {
		ClassLoader classLoader = type.getClassLoader();
		for (String listenerType : LISTENER_TYPES) {
			if (ClassUtils.isPresent(listenerType, classLoader)
					&& ClassUtils.resolveClassName(listenerType, classLoader).isAssignableFrom(type)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What this generation's singleton work is made of, found once its beans exist.
	 */
	private record Work(Map<String, Lifecycle> schedulers, Map<String, Lifecycle> lifecycles) {
	}

}
