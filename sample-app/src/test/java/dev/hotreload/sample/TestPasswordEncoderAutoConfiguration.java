package dev.hotreload.sample;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The password encoder of the sample applications these tests run in their own JVMs (and
 * in child JVMs started from their class path; not in workers started from the packaged
 * jar). The tests authenticate the operator at nearly every reload, hundreds of times a
 * run, and Spring Security's default encoder hashes with BCrypt at strength 10 twice in
 * each generation, at its first authenticated request: its guard against timing attacks,
 * and the upgrade of the {@code {noop}} password Spring Boot stores. In a JVM that
 * compiles with C1 only, that was a third of a reload's CPU time (a JFR recording of 20
 * reloads of the packaged sample, posted with curl), and {@code ReloadLeakTests} (then 60
 * reloads) took 57 CPU-s without this class, 48 and 50 with it. Here: the same kinds of
 * encoding, at strength 4. The sample itself keeps Spring Security's defaults.
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
class TestPasswordEncoderAutoConfiguration {

	@Bean
	@SuppressWarnings("deprecation")
	PasswordEncoder passwordEncoder() {
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt",
				Map.of("bcrypt", new BCryptPasswordEncoder(4), "noop", NoOpPasswordEncoder.getInstance()));
		// With an encoder of the application's own, Spring Boot stores the configured
		// password as it is, without its {noop} prefix.
		encoder.setDefaultPasswordEncoderForMatches(NoOpPasswordEncoder.getInstance());
		return encoder;
	}

}
