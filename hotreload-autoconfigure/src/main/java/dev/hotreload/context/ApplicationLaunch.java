package dev.hotreload.context;

import org.springframework.boot.SpringApplication;

/**
 * How the application was first started, captured so that every generation starts the
 * same way: the same {@link SpringApplication} (sources, initializers, listeners) and the
 * same arguments, with configuration read afresh.
 *
 * @param application the application as the user set it up
 * @param args the arguments it was run with
 * @param classLoader the context class loader of the thread that ran it
 */
public record ApplicationLaunch(SpringApplication application, String[] args, ClassLoader classLoader) {

	public ApplicationLaunch {
		args = args.clone();
	}

	@Override
	public String[] args() {
		return this.args.clone();
	}

}
