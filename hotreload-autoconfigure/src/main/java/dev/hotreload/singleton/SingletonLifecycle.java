package dev.hotreload.singleton;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link org.springframework.context.Lifecycle} bean whose work must run in one
 * generation at a time: a new generation does not start it while it starts, and at the
 * switch the old generation's is stopped before the new generation's starts. Put it on
 * the bean's class or on its {@code @Bean} method; listing the bean's name in
 * {@code hotreload.singletons.beans} does the same.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SingletonLifecycle {

}
