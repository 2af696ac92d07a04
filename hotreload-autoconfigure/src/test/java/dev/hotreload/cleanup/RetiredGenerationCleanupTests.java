package dev.hotreload.cleanup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RetiredGenerationCleanup}: once forgotten, a closed context and the
 * class loader it ran on are gone at the next full GC, though the JVM's default policy
 * keeps what soft references hold.
 */
class RetiredGenerationCleanupTests {

	@Test
	void closedWebContextIsCollectedOnceForgotten() {
		awaitCollected(runAndForget());
	}

	@Test
	void classLoaderOfClosedContextIsCollectedOnceForgotten() {
		awaitCollected(runAndForget(new GenerationClassLoader(getClass().getClassLoader())));
	}

	private static WeakReference<ConfigurableApplicationContext> runAndForget() {
		ConfigurableApplicationContext context = withoutLogging(new SpringApplication(WebApplication.class))
			.run("--server.port=0", "--hotreload.enabled=false");
		context.close();
		RetiredGenerationCleanup.forgetClosedContexts();
		return new WeakReference<>(context);
	}

	private static WeakReference<ClassLoader> runAndForget(ClassLoader classLoader) {
		Class<?> source = load(classLoader, GenerationApplication.class);
		SpringApplication application = withoutLogging(
				new SpringApplication(new DefaultResourceLoader(classLoader), source));
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run("--hotreload.enabled=false").close();
		RetiredGenerationCleanup.forgetClassLoader(classLoader);
		return new WeakReference<>(classLoader);
	}

	/**
	 * Leaves logging alone: Logback keeps the environment it was last initialized with,
	 * until the next application initializes it.
	 */
	private static SpringApplication withoutLogging(SpringApplication application) {
		application.setListeners(application.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		return application;
	}

	private static Class<?> load(ClassLoader classLoader, Class<?> type) {
		try {
			return classLoader.loadClass(type.getName());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitCollected(WeakReference<?> reference) {
		await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			System.gc();
			assertThat(reference.get()).isNull();
		});
	}

	/**
	 * A web application with the actuator, whose endpoint conditions cache what they
	 * derive from its environment.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

	}

	/**
	 * Loads {@link GenerationApplication} itself rather than from its parent, as a
	 * generation's own class loader would load the application's classes.
	 */
	static final class GenerationClassLoader extends ClassLoader {

		GenerationClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith(GenerationApplication.class.getName())) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				return (loaded != null) ? loaded : define(name);
			}
		}

		private Class<?> define(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
