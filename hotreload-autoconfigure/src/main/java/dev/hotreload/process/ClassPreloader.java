package dev.hotreload.process;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

/**
 * Loads, at the supervisor's start, every class it may need later. A JVM reads classes
 * from its jar lazily, and a user who deploys by copying the new jar over the old one
 * changes the bytes under the supervisor's feet: a class first needed after that would be
 * read from the new jar's offsets and fail to load. (Workers run from copies, so they
 * never see the change.)
 */
final class ClassPreloader {

	private static final Log logger = LogFactory.getLog(ClassPreloader.class);

	private static final String[] PATTERNS = { "classpath*:dev/hotreload/**/*.class",
			"classpath*:ch/qos/logback/classic/spi/*.class", "classpath*:ch/qos/logback/classic/pattern/*.class",
			"classpath*:ch/qos/logback/core/pattern/**/*.class", "classpath*:com/sun/jna/*.class" };

	private ClassPreloader() {
	}

	static void preload() {
		ClassLoader loader = ClassPreloader.class.getClassLoader();
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
		int loaded = 0;
		for (String pattern : PATTERNS) {
			String root = pattern.substring("classpath*:".length(), pattern.indexOf('*', "classpath*:".length()));
			try {
				for (Resource resource : resolver.getResources(pattern)) {
					String url = resource.getURL().toString();
					String path = url.substring(url.lastIndexOf(root));
					if (load(ClassUtils.convertResourcePathToClassName(path.substring(0, path.length() - 6)), loader)) {
						loaded++;
					}
				}
			}
			catch (IOException ex) {
				logger.debug("Could not list " + pattern, ex);
			}
		}
		logger.debug("Loaded " + loaded + " classes up front");
	}

	private static boolean load(String name, ClassLoader loader) {
		try {
			Class.forName(name, false, loader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// An optional dependency's class that this application does not have.
			return false;
		}
	}

}
