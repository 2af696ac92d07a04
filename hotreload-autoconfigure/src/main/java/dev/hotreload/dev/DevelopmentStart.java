package dev.hotreload.dev;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.context.ApplicationLaunch;
import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationStart;

/**
 * Starts each generation on a {@link GenerationClassLoader} of its own, by running the
 * application's main method again on it, as Spring Boot DevTools' restart does: the
 * generation runs the classes in the class directories as they are now, and the
 * {@code SpringApplication} its main method sets up. The loader is forgotten once its
 * generation has closed, so that it can be collected.
 */
public final class DevelopmentStart implements GenerationStart {

	private final URL[] classDirectories;

	private final ClassLoader parent;

	private final String mainClass;

	private final Map<Integer, GenerationClassLoader> loaders = new ConcurrentHashMap<>();

	private final LoaderCleanup cleanup;

	/**
	 * @param classDirectories the application's class directories
	 * @param parent what every generation shares: the JDK, the dependencies, hotreload
	 * @param mainClass the class whose main method starts the application
	 * @param cleanup forgets what the JVM cached of a closed generation's classes
	 */
	public DevelopmentStart(List<Path> classDirectories, ClassLoader parent, String mainClass,
			LoaderCleanup cleanup) {
		this.classDirectories = classDirectories.stream().map(DevelopmentStart::url).toArray(URL[]::new);
		this.parent = parent;
		this.mainClass = mainClass;
		this.cleanup = cleanup;
	}

	private static URL url(Path directory) {
		try {
			return directory.toUri().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("Not a class directory: " + directory, ex);
		}
	}

	@Override
	public ConfigurableApplicationContext run(ApplicationLaunch launch, Generation generation) {
		GenerationClassLoader loader = new GenerationClassLoader(generation.number(), this.classDirectories,
				this.parent);
		this.loaders.put(generation.number(), loader);
		Thread.currentThread().setContextClassLoader(loader);
		mainMethod(loader).invoke(launch.args());
		ConfigurableApplicationContext context = generation.context();
		if (context == null) {
			throw new IllegalStateException(this.mainClass
					+ ".main returned without running a Spring application on its thread");
		}
		return context;
	}

	private MainMethod mainMethod(ClassLoader loader) {
		try {
			Method main = Class.forName(this.mainClass, false, loader).getMethod("main", String[].class);
			if (!Modifier.isStatic(main.getModifiers())) {
				throw new IllegalStateException(this.mainClass + ".main is not static");
			}
			return new MainMethod(main);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("The main class " + this.mainClass + " is not in the class directories"
					+ " or on the class path any more", ex);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(this.mainClass + " has no main(String[]) method any more", ex);
		}
	}

	@Override
	public boolean runsNewApplication() {
		return true;
	}

	@Override
	public void released(Generation generation) {
		GenerationClassLoader loader = this.loaders.remove(generation.number());
		// Not closed: URLClassLoader.close() closes every jar a resource was read from
		// through it, and those are the JVM's cached JarFiles of the shared dependencies
		// (later generations then fail with "ZipFile closed"). A loader over directories
		// holds no file open; unreachable, it is collected.
		if (loader != null) {
			this.cleanup.forget(loader);
		}
	}

	@Override
	public String toString() {
		return "run " + this.mainClass + ".main on a new class loader";
	}

	private record MainMethod(Method method) {

		void invoke(String[] args) {
			try {
				this.method.invoke(null, (Object) args);
			}
			catch (InvocationTargetException ex) {
				Throwable failure = ex.getTargetException();
				if (failure instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (failure instanceof Error error) {
					throw error;
				}
				throw new IllegalStateException(failure);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Cannot call " + this.method, ex);
			}
		}

	}

}
