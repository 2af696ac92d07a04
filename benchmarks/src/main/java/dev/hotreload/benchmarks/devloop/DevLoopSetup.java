package dev.hotreload.benchmarks.devloop;

import java.util.List;

/**
 * The ways to run the sample from its class directory that the dev-loop comparison
 * measures side by side; both run the same copy of the classes and the same dependency
 * jars, and only the second has Spring Boot DevTools on its class path.
 */
enum DevLoopSetup {

	/**
	 * hotreload's development mode: its watcher sees the class file (400 ms quiet period,
	 * {@code hotreload.watch.debounce}), and a new generation runs {@code main} again on a
	 * class loader of its own while the old one serves.
	 */
	HOTRELOAD_DEV("hotreload-dev", "hotreload development mode (--hotreload.dev.enabled=true), its defaults (class"
			+ " directories watched, 400 ms quiet period)", List.of("--hotreload.dev.enabled=true"), false),

	/**
	 * Spring Boot DevTools' restart with its defaults: it polls the class directories every
	 * second and restarts once they have been quiet for 400 ms; the context closes, and so
	 * does the port, before the new one starts. hotreload is off.
	 */
	DEVTOOLS_RESTART("devtools-restart", "spring-boot-devtools restart, its defaults (class path polled every 1 s,"
			+ " 400 ms quiet period), hotreload off (--hotreload.enabled=false)", List.of("--hotreload.enabled=false"),
			true);

	private final String label;

	private final String description;

	private final List<String> arguments;

	private final boolean devtools;

	DevLoopSetup(String label, String description, List<String> arguments, boolean devtools) {
		this.label = label;
		this.description = description;
		this.arguments = arguments;
		this.devtools = devtools;
	}

	String label() {
		return this.label;
	}

	String description() {
		return this.description;
	}

	/** The application arguments besides the port and the operator's credentials. */
	List<String> arguments() {
		return this.arguments;
	}

	/** Whether {@code spring-boot-devtools} is on the class path. */
	boolean devtools() {
		return this.devtools;
	}

	/**
	 * The setup with a label.
	 * @param label such as {@code devtools-restart}
	 * @return the setup, or {@code null} if none has that label
	 */
	static DevLoopSetup ofLabel(String label) {
		for (DevLoopSetup setup : values()) {
			if (setup.label.equals(label)) {
				return setup;
			}
		}
		return null;
	}

}
