package dev.hotreload.sample;

/**
 * The build of the sample's code, compiled in: what a process reload changes and a context
 * reload cannot. A method, not a constant, so that callers do not copy the value into
 * their own class files.
 */
final class SampleBuild {

	private SampleBuild() {
	}

	static String name() {
		return "v1";
	}

}
