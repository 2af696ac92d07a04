package dev.hotreload.benchmarks.strategies;

import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The ways to reload a Spring Boot web application that the strategy comparison measures
 * side by side.
 */
enum Strategy {

	/** {@code POST /actuator/reload}: a new generation in the same JVM, one shared socket. */
	HOTRELOAD("hotreload", "POST /actuator/reload, same JVM"),

	/**
	 * {@code --hotreload.mode=process}, {@code POST /actuator/reload}: a new worker JVM,
	 * the supervisor keeps the listening socket.
	 */
	HOTRELOAD_PROCESS("hotreload-process", "POST /actuator/reload, new worker JVM, supervisor keeps the socket"),

	/**
	 * The same, with a warm-up: each new worker sends itself requests to {@code /hello}
	 * before it takes over ({@code hotreload.warm-up.*}).
	 */
	HOTRELOAD_PROCESS_WARM("hotreload-process-warm",
			"as hotreload-process, each new worker first sends itself 5000 requests to /hello"),

	/** Stop the JVM and start a new one: what a plain restart gives. */
	JVM_RESTART("jvm-restart", "SIGTERM (server.shutdown=immediate), wait for exit, new JVM, same port"),

	/** What DevTools' restart and Spring Cloud's /actuator/restart do. */
	CONTEXT_RESTART("context-restart", "context.close(), SpringApplication.run again, same JVM, same port"),

	/** Let Spring Boot's graceful shutdown drain, then start a new JVM. */
	GRACEFUL_RESTART("graceful-restart", "SIGTERM (server.shutdown=graceful), wait for exit, new JVM, same port");

	private final String label;

	private final String description;

	Strategy(String label, String description) {
		this.label = label;
		this.description = description;
	}

	/**
	 * Whether this strategy can run on a sample: process mode where the server has it, the
	 * context restart where the harness can run the sample's classes in its launcher.
	 * @param server the sample's server
	 * @return {@code true} if it runs there
	 */
	boolean runsOn(SampleServer server) {
		return switch (this) {
			case HOTRELOAD_PROCESS, HOTRELOAD_PROCESS_WARM -> server.processMode();
			case CONTEXT_RESTART -> server.onHarnessClassPath();
			default -> true;
		};
	}

	String label() {
		return this.label;
	}

	String description() {
		return this.description;
	}

	/**
	 * The strategy with a label.
	 * @param label such as {@code hotreload-process}
	 * @return the strategy, or {@code null} if none has that label
	 */
	static Strategy ofLabel(String label) {
		for (Strategy strategy : values()) {
			if (strategy.label.equals(label)) {
				return strategy;
			}
		}
		return null;
	}

}
