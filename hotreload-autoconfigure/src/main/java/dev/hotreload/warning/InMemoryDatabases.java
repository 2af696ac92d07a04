package dev.hotreload.warning;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import dev.hotreload.reload.ReloadWarning;

/**
 * Finds the {@code DataSource}s of a generation that are in-memory databases: each lives
 * in one JVM only, and a generation whose URL names a new one starts with it empty. Needs
 * nothing of JDBC beyond the JDK's {@code javax.sql}: the URL is read from the pool's or
 * driver's own getter.
 */
final class InMemoryDatabases {

	private static final String DATA_SOURCE = "javax.sql.DataSource";

	// Spring's EmbeddedDatabaseBuilder makes in-memory databases only.
	private static final String EMBEDDED_DATABASE = "org.springframework.jdbc.datasource.embedded.EmbeddedDatabase";

	private static final List<String> IN_MEMORY_URLS = List.of("jdbc:h2:mem:", "jdbc:hsqldb:mem:",
			"jdbc:derby:memory:");

	private static final List<String> URL_GETTERS = List.of("getJdbcUrl", "getUrl", "getURL");

	private InMemoryDatabases() {
	}

	static List<ReloadWarning> check(ConfigurableApplicationContext context, int generation) {
		if (!ClassUtils.isPresent(DATA_SOURCE, context.getClassLoader())) {
			return List.of();
		}
		List<ReloadWarning> warnings = new ArrayList<>();
		for (Map.Entry<String, javax.sql.DataSource> bean : context.getBeansOfType(javax.sql.DataSource.class, false, false)
			.entrySet()) {
			String where = inMemory(bean.getValue());
			if (where != null) {
				warnings.add(new ReloadWarning(ReloadWarning.Kind.IN_MEMORY_DATABASE, generation,
						"DataSource '" + bean.getKey() + "' is an in-memory database (" + where + "): it lives in"
								+ " this JVM only, a generation whose URL names a new one (Spring Boot names an"
								+ " embedded database anew for every context) starts with it empty, and in process"
								+ " mode every worker JVM does",
						"keep data that must survive a reload in a database of its own: a server, or a file"
								+ " (jdbc:h2:file:./data/app)"));
			}
		}
		return warnings;
	}

	private static @Nullable String inMemory(javax.sql.DataSource dataSource) {
		if (implementsNamed(dataSource.getClass(), EMBEDDED_DATABASE)) {
			return "Spring's embedded database";
		}
		String url = url(dataSource);
		if (url == null) {
			return null;
		}
		String lower = url.toLowerCase(Locale.ROOT);
		return IN_MEMORY_URLS.stream().anyMatch(lower::startsWith) ? url : null;
	}

	private static @Nullable String url(Object dataSource) {
		for (String getter : URL_GETTERS) {
			try {
				Method method = dataSource.getClass().getMethod(getter);
				if (method.getReturnType() == String.class) {
					return (String) method.invoke(dataSource);
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// Not this pool's getter: try the next.
			}
		}
		return null;
	}

	private static boolean implementsNamed(Class<?> type, String name) {
		for (Class<?> candidate : ClassUtils.getAllInterfacesForClassAsSet(type)) {
			if (candidate.getName().equals(name)) {
				return true;
			}
		}
		return false;
	}

}
