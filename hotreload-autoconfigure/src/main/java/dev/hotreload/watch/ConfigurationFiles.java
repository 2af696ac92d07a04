package dev.hotreload.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;

/**
 * The files an application read its configuration from: the files behind the origins of
 * its property sources ({@code application.properties} or {@code .yml} in the working
 * directory or {@code config/}, {@code spring.config.import}ed and
 * {@code spring.config.additional-location} files). Resources inside a jar cannot change
 * and are left out.
 */
public final class ConfigurationFiles {

	private ConfigurationFiles() {
	}

	/**
	 * The configuration files of an environment.
	 * @param environment the environment
	 * @return the files, absolute, each once
	 */
	public static List<Path> of(ConfigurableEnvironment environment) {
		Set<Path> files = new LinkedHashSet<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			Path file = fileOf(source);
			if (file != null) {
				files.add(file);
			}
		}
		return List.copyOf(files);
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Path fileOf(PropertySource<?> source) {
		if (!(source instanceof OriginLookup<?> lookup) || !(source instanceof EnumerablePropertySource<?> names)
				|| names.getPropertyNames().length == 0) {
			return null;
		}
		Origin origin = ((OriginLookup<String>) lookup).getOrigin(names.getPropertyNames()[0]);
		while (origin != null && !(origin instanceof TextResourceOrigin)) {
			origin = origin.getParent();
		}
		Resource resource = (origin != null) ? ((TextResourceOrigin) origin).getResource() : null;
		if (resource == null || !resource.isFile()) {
			return null;
		}
		try {
			return resource.getFile().toPath().toAbsolutePath().normalize();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
