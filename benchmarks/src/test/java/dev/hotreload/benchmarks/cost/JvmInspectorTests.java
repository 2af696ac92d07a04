package dev.hotreload.benchmarks.cost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live contexts are counted in a {@code jcmd GC.class_histogram}, whichever web stack the
 * sample runs.
 */
class JvmInspectorTests {

	@Test
	void countsTheServletAndTheReactiveContextsOfTheHistogram() {
		String histogram = """
				 num     #instances         #bytes  class name (module)
				-------------------------------------------------------
				   1:         41234        3958464  [B (java.base@17.0.15)
				 812:             2            336  org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext
				 813:             1            168  org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext
				 900:             5            120  org.springframework.context.support.GenericApplicationContext
				""";
		assertThat(JvmInspector.instances(histogram, JvmInspector.CONTEXT_CLASSES)).isEqualTo(3);
		assertThat(JvmInspector.instances(histogram.lines().limit(3).reduce("", (a, b) -> a + b + "\n"),
				JvmInspector.CONTEXT_CLASSES)).isZero();
	}

}
