package dev.hotreload.dev;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A generation's class loader is collectable once forgotten, whatever Spring cached of it
 * and its classes while the heap has room.
 */
class GenerationLoaderCleanupTests {

	@Test
	void aForgottenLoaderIsCollectedThoughSpringCachedItsClasses() throws Exception {
		WeakReference<ClassLoader> loader = usedAndForgotten();
		await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
			System.gc();
			return loader.get() == null;
		});
	}

	private static WeakReference<ClassLoader> usedAndForgotten() throws Exception {
		URL testClasses = GenerationLoaderCleanupTests.class.getProtectionDomain().getCodeSource().getLocation();
		GenerationClassLoader loader = new GenerationClassLoader(2, new URL[] { testClasses },
				GenerationLoaderCleanupTests.class.getClassLoader());
		Method bean = loader.loadClass(Beans.class.getName()).getDeclaredMethod("greeting");
		assertThat(bean.getDeclaringClass().getClassLoader()).isSameAs(loader);
		// What a generation's start caches: its factories, its bean methods' names and scopes.
		SpringFactoriesLoader.forDefaultResourceLocation(loader);
		Class<?> helper = Class.forName("org.springframework.context.annotation.BeanAnnotationHelper");
		for (String name : new String[] { "determineBeanNameFor", "isScopedProxy" }) {
			Method cached = helper.getMethod(name, Method.class);
			cached.setAccessible(true);
			cached.invoke(null, bean);
		}
		new GenerationLoaderCleanup().forget(loader);
		loader.close();
		return new WeakReference<>(loader);
	}

	static class Beans {

		@Bean
		String greeting() {
			return "Hello";
		}

	}

}
