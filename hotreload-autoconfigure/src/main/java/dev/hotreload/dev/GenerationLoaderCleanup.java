package dev.hotreload.dev;

import java.beans.Introspector;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.CachedIntrospectionResults;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ReflectionUtils;

/**
 * Forgets a closed generation's classes in the caches that all generations share, so
 * that its class loader can be collected: what Spring Boot DevTools' restart clears, and
 * two caches it does not, {@code SpringFactoriesLoader}'s factories by class loader and
 * {@code BeanAnnotationHelper}'s bean names and scopes by bean method. Those hold their
 * entries softly, which a full GC keeps while the heap has room, and with them the loader
 * and every class it defined.
 */
public final class GenerationLoaderCleanup implements LoaderCleanup {

	private static final Log logger = LogFactory.getLog(GenerationLoaderCleanup.class);

	private static final String BEAN_ANNOTATION_HELPER = "org.springframework.context.annotation.BeanAnnotationHelper";

	@Override
	public void forget(ClassLoader loader) {
		// What DevTools' restart clears; Spring clears its own when a context closes, too.
		Introspector.flushCaches();
		CachedIntrospectionResults.clearClassLoader(loader);
		ReflectionUtils.clearCache();
		AnnotationUtils.clearCache();
		ResolvableType.clearCache();
		// No API forgets a class loader in these: reach into their fields.
		removeKeys(SpringFactoriesLoader.class.getName(), "cache", (key) -> key == loader);
		Predicate<Object> declaredThere = (key) -> ((Method) key).getDeclaringClass().getClassLoader() == loader;
		removeKeys(BEAN_ANNOTATION_HELPER, "beanNameCache", declaredThere);
		removeKeys(BEAN_ANNOTATION_HELPER, "scopedProxyCache", declaredThere);
	}

	private static void removeKeys(String className, String fieldName, Predicate<Object> forgotten) {
		try {
			Field field = Class.forName(className, false, GenerationLoaderCleanup.class.getClassLoader())
				.getDeclaredField(fieldName);
			field.setAccessible(true);
			((Map<?, ?>) field.get(null)).keySet().removeIf(forgotten);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Could not clear " + className + "." + fieldName + " of a closed generation's classes", ex);
		}
	}

}
