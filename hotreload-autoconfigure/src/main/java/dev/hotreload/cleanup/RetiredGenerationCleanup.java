package dev.hotreload.cleanup;

import java.beans.Introspector;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.CachedIntrospectionResults;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Clears what JVM-wide caches keep of a generation once it has closed, so that a full GC
 * finds it gone. Spring's caches hold their entries through soft references, which the
 * JVM clears (with its default policy) only when the heap runs short: an entry that
 * reaches a context keeps that generation, and everything it holds, until then.
 */
public final class RetiredGenerationCleanup {

	private static final Log logger = LogFactory.getLog(RetiredGenerationCleanup.class);

	/**
	 * What Spring Boot's {@code OnAvailableEndpointCondition} derives from a context's
	 * {@code Environment} while the context refreshes, by environment. The environment
	 * reaches its context: its servlet context property source holds the generation's
	 * Tomcat, whose lifecycle listeners hold the web server factory, whose resource loader
	 * is the context.
	 */
	private static final List<Map<?, ?>> ENVIRONMENT_CACHES = staticMaps(
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.OnAvailableEndpointCondition",
			"accessResolversCache", "exposureOutcomeContributorsCache");

	/** Spring's {@code spring.factories} loaders, by class loader. */
	private static final List<Map<?, ?>> CLASS_LOADER_CACHES = staticMaps(
			"org.springframework.core.io.support.SpringFactoriesLoader", "cache");

	/** What Spring derives from {@code @Bean} methods, by method. */
	private static final List<Map<?, ?>> BEAN_METHOD_CACHES = staticMaps(
			"org.springframework.context.annotation.BeanAnnotationHelper", "beanNameCache", "scopedProxyCache");

	/**
	 * What Spring's {@code BridgeMethodResolver} resolved, by method (or method and class):
	 * among them the methods of a generation's proxied configuration classes, once anything
	 * searched them for annotations, as Spring AMQP's {@code @RabbitListener} processor does
	 * with every method of every bean. Cleared whole: its keys are not public.
	 */
	private static final List<Map<?, ?>> BRIDGE_METHOD_CACHES = staticMaps(
			"org.springframework.core.BridgeMethodResolver", "cache");

	private RetiredGenerationCleanup() {
	}

	/**
	 * Forgets what is cached for contexts that have closed: call it once a generation's
	 * context has closed, or its start has failed. The caches are cleared whole rather than
	 * of one environment: besides the closed context's own, they may hold the environment
	 * of a child context (the management server's) or of a failed start's partial context,
	 * which the caller does not see. Only a refreshing context reads them, so a generation
	 * starting meanwhile at most derives an entry again.
	 */
	public static void forgetClosedContexts() {
		ENVIRONMENT_CACHES.forEach(Map::clear);
	}

	/**
	 * Forgets everything cached for the classes of a class loader that no context uses
	 * any longer (a generation's own), as Spring Boot DevTools does when it restarts, and
	 * what is cached for the closed contexts themselves.
	 * @param classLoader the class loader
	 */
	public static void forgetClassLoader(ClassLoader classLoader) {
		forgetClosedContexts();
		CachedIntrospectionResults.clearClassLoader(classLoader);
		CLASS_LOADER_CACHES.forEach((cache) -> cache.remove(classLoader));
		BEAN_METHOD_CACHES.forEach((cache) -> cache.keySet()
			.removeIf((method) -> ((Method) method).getDeclaringClass().getClassLoader() == classLoader));
		BRIDGE_METHOD_CACHES.forEach(Map::clear);
		ResolvableType.clearCache();
		ReflectionUtils.clearCache();
		AnnotationUtils.clearCache();
		Introspector.flushCaches();
	}

	/**
	 * Reads caches that no API clears: the classes or fields are not public.
	 */
	private static List<Map<?, ?>> staticMaps(String className, String... fieldNames) {
		ClassLoader classLoader = RetiredGenerationCleanup.class.getClassLoader();
		if (!ClassUtils.isPresent(className, classLoader)) {
			return List.of();
		}
		Class<?> type = ClassUtils.resolveClassName(className, classLoader);
		List<Map<?, ?>> maps = new ArrayList<>();
		for (String fieldName : fieldNames) {
			try {
				Field field = type.getDeclaredField(fieldName);
				ReflectionUtils.makeAccessible(field);
				maps.add((Map<?, ?>) field.get(null));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("Cannot clear " + className + "." + fieldName
						+ ": closed generations stay reachable until the heap runs short (" + ex + ")");
			}
		}
		return List.copyOf(maps);
	}

}
