package dev.hotreload.context;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * How a new generation's context is started, on a thread of its own. By default the
 * captured {@code SpringApplication} runs again with the classes already loaded; in
 * development mode ({@code dev.hotreload.dev}) the main method runs again on a class
 * loader of the generation's own, so the generation runs the code on disk now.
 */
public interface GenerationStart {

	/**
	 * Runs the captured application again: new configuration, the same code.
	 */
	GenerationStart RUN_AGAIN = new GenerationStart() {

		@Override
		public ConfigurableApplicationContext run(ApplicationLaunch launch, Generation generation) {
			return launch.application().run(launch.args());
		}

		@Override
		public String toString() {
			return "run the SpringApplication again";
		}

	};

	/**
	 * Starts the generation's context on the calling thread, which is the generation's own.
	 * @param launch how the application was first started
	 * @param generation the generation to start
	 * @return its running context
	 * @throws RuntimeException (or an error) if it did not start: the cause is reported
	 */
	ConfigurableApplicationContext run(ApplicationLaunch launch, Generation generation);

	/**
	 * Whether the generation runs a {@code SpringApplication} other than the captured
	 * one (a main method creates its own): the first one run on the generation's thread
	 * is then the generation's.
	 * @return {@code true} if so
	 */
	default boolean runsNewApplication() {
		return false;
	}

	/**
	 * Called once a generation has closed (or failed to start), to let go of what was
	 * made for it.
	 * @param generation the generation
	 */
	default void released(Generation generation) {
	}

}
