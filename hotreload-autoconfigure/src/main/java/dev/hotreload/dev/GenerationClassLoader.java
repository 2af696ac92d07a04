package dev.hotreload.dev;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One generation's class loader over the application's class directories, child first:
 * a class or resource found there is this generation's own copy, read from disk when the
 * generation starts; anything else (the JDK, the dependency jars, hotreload itself) comes
 * from the parent that every generation shares.
 */
final class GenerationClassLoader extends URLClassLoader {

	static {
		ClassLoader.registerAsParallelCapable();
	}

	private final int generation;

	GenerationClassLoader(int generation, URL[] classDirectories, ClassLoader parent) {
		super("hotreload-generation-" + generation, classDirectories, parent);
		this.generation = generation;
	}

	int generation() {
		return this.generation;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		synchronized (getClassLoadingLock(name)) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null && !name.startsWith("java.")) {
				try {
					loaded = findClass(name);
				}
				catch (ClassNotFoundException ex) {
					// Not one of the application's classes: the parent's.
				}
			}
			if (loaded == null) {
				loaded = getParent().loadClass(name);
			}
			if (resolve) {
				resolveClass(loaded);
			}
			return loaded;
		}
	}

	@Override
	public URL getResource(String name) {
		URL own = findResource(name);
		return (own != null) ? own : getParent().getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		// The parent sees the same class directories: each resource once, this copy first.
		Set<URL> resources = new LinkedHashSet<>(Collections.list(findResources(name)));
		resources.addAll(Collections.list(getParent().getResources(name)));
		return Collections.enumeration(resources);
	}

	@Override
	public String toString() {
		return getName();
	}

}
