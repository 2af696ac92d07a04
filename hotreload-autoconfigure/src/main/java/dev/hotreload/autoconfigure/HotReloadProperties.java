package dev.hotreload.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.longlived.GoingAway;
import dev.hotreload.longlived.GoingAwayPolicy;
import dev.hotreload.reload.ReloadMode;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.rollback.RollbackSettings;
import dev.hotreload.singleton.SingletonSettings;

/**
 * Configuration of generation reloads. Every generation reads these afresh.
 *
 * @param enabled whether generation reload is enabled
 * @param mode where new generations run: {@code context} (a new application context in
 * this JVM: new configuration, same code) or {@code process} (this JVM becomes a
 * supervisor that holds the listening socket and runs each generation in a worker JVM
 * started from what is on disk: new code too)
 * @param drainTimeout how long an old generation may take to finish its in-flight
 * requests and keep-alive connections before what is left is closed by force
 * @param drain how an old generation's keep-alive connections leave it
 * @param reloadTimeout how long a new generation may take to start and become ready
 * before the reload fails and the old generation keeps serving
 * @param backlog the accept queue length of the shared listening socket, applied when it
 * is bound
 * @param reusePort whether the shared listening socket gets SO_REUSEPORT where the
 * platform has it. Off by default: hotreload needs only one socket per JVM, and with it on
 * a second process could bind the same port and silently take half the connections
 * @param responseHeader the response header that names the generation that answered
 * @param warmUp requests a new worker JVM sends itself before it takes over (process mode)
 * @param signal reloading on SIGHUP
 * @param watch reloading when files change
 * @param dev development mode: every generation runs the classes on disk now
 * @param rollback watching a new generation after the switch to it, with the previous
 * one kept to serve again
 * @param singletons work that does not answer requests (scheduled tasks, message
 * listeners), which runs in one generation at a time
 * @param process how process mode starts its worker JVMs
 */
@ConfigurationProperties("hotreload")
public record HotReloadProperties(@DefaultValue("true") boolean enabled, @DefaultValue("context") ReloadMode mode,
		@DefaultValue("30s") Duration drainTimeout, @DefaultValue Drain drain,
		@DefaultValue("60s") Duration reloadTimeout, @DefaultValue("2048") int backlog,
		@DefaultValue("false") boolean reusePort, @DefaultValue ResponseHeader responseHeader,
		@DefaultValue WarmUp warmUp, @DefaultValue Signal signal, @DefaultValue Watch watch, @DefaultValue Dev dev,
		@DefaultValue Rollback rollback, @DefaultValue Singletons singletons,
		@DefaultValue @NestedConfigurationProperty ProcessProperties process) {

	public ReloadSettings toSettings() {
		return new ReloadSettings(this.drainTimeout, this.reloadTimeout, this.backlog, this.reusePort,
				this.drain.mode(), this.drain.toPolicy());
	}

	/**
	 * How an old generation's keep-alive connections leave it after a switch.
	 *
	 * @param mode {@code migrate} (the default): HTTP/1.1 connections between requests
	 * are handed, still open, to the new generation, a busy one when its request ends, so
	 * clients keep their connections and the old generation closes as soon as its requests
	 * are done; over TLS with their session, when the reload kept the TLS configuration.
	 * TLS connections whose configuration changed, HTTP/2, upgraded (WebSocket), async and
	 * sendfile connections cannot move and take the {@code close} path. {@code close}: each connection's next
	 * response carries {@code Connection: close}, and what is left at the drain timeout is
	 * closed by force
	 * @param goingAway when a draining generation tells its HTTP/2 connections and its
	 * long-lived connections to go away, so that their clients move to the serving
	 * generation instead of being cut at the drain timeout: HTTP/2 connections (h2c and h2)
	 * get GOAWAY (their streams in flight finish; the client opens new streams on a new
	 * connection), WebSocket sessions a close with status 1001 (going away, reason
	 * {@code server reloading}) and async requests (SSE streams,
	 * {@code StreamingResponseBody}, {@code DeferredResult}) are completed, an uncommitted
	 * one answered 503. {@code at-drain-start} (right after the switch), {@code after-grace}
	 * (once {@code going-away-grace} has passed since the switch: a stream that ends by
	 * itself meanwhile is not interrupted, and an HTTP/2 client done by then, one that does
	 * not reconnect after a GOAWAY as h2load, never sees one; its connection keeps the old
	 * generation alive that long) or {@code never} (they stay until their clients close
	 * them or the drain timeout cuts them). Read from the draining generation's own
	 * configuration; at shutdown they go away at once unless this is {@code never}, and
	 * HTTP/2 connections get GOAWAY at shutdown even then
	 * @param goingAwayGrace how long after the switch {@code after-grace} tells them to go
	 * away; at or beyond the drain timeout, the timeout cuts them first
	 */
	public record Drain(@DefaultValue("migrate") DrainMode mode,
			@DefaultValue("at-drain-start") GoingAway goingAway, @DefaultValue("5s") Duration goingAwayGrace) {

		public Drain {
			if (mode == null) {
				throw new IllegalArgumentException("hotreload.drain.mode must be migrate or close");
			}
			if (goingAwayGrace.isNegative()) {
				throw new IllegalArgumentException(
						"hotreload.drain.going-away-grace must not be negative, got " + goingAwayGrace);
			}
		}

		public GoingAwayPolicy toPolicy() {
			return new GoingAwayPolicy(this.goingAway, this.goingAwayGrace);
		}

	}

	/**
	 * Requests a new worker JVM sends itself, over a private loopback connection, once it is
	 * ready and before it takes over: a JVM starts cold (interpreted code, empty caches), so
	 * its first requests are slow. Process mode only; the old worker serves meanwhile.
	 *
	 * @param requests how many requests; 0 (the default) sends none
	 * @param path the path they ask for: one that exercises the application's usual work
	 * @param concurrency how many are in flight at once
	 */
	public record WarmUp(@DefaultValue("0") int requests, @DefaultValue("/") String path,
			@DefaultValue("2") int concurrency) {

		public WarmUp {
			if (requests < 0) {
				throw new IllegalArgumentException("hotreload.warm-up.requests must not be negative, got " + requests);
			}
			if (concurrency < 1) {
				throw new IllegalArgumentException("hotreload.warm-up.concurrency must be at least 1, got " + concurrency);
			}
			if (!path.startsWith("/")) {
				throw new IllegalArgumentException("hotreload.warm-up.path must start with '/', got '" + path + "'");
			}
		}

	}

	/**
	 * Reloading on SIGHUP, the signal gunicorn, nginx and Puma reload on (the JVM would
	 * otherwise shut down on it). In process mode the supervisor handles it.
	 *
	 * @param enabled whether SIGHUP reloads
	 */
	public record Signal(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Reloading when files change: configuration files, a mounted Kubernetes ConfigMap, the
	 * application jar in process mode. A file that fails to load fails the reload and the
	 * serving generation keeps serving; the next change reloads again. Read when the
	 * application starts.
	 *
	 * @param paths files or directories to watch (directories recursively); a change to any
	 * reloads
	 * @param configFiles whether to watch the configuration files the application read at
	 * start ({@code application.properties} or {@code .yml} outside the jar, imported files)
	 * @param applicationJar whether to watch the application jar (process mode): copying a
	 * new one over it starts a new worker from it
	 * @param debounce how long the files must stay unchanged before the reload starts, so
	 * that one save (or one ConfigMap update, or one build) reloads once
	 */
	public record Watch(@DefaultValue List<Path> paths, @DefaultValue("false") boolean configFiles,
			@DefaultValue("false") boolean applicationJar, @DefaultValue("400ms") Duration debounce) {

		public Watch {
			if (debounce.isNegative() || debounce.isZero()) {
				throw new IllegalArgumentException("hotreload.watch.debounce must be positive, got " + debounce);
			}
		}

	}

	/**
	 * Development mode, for running from a build's class directories
	 * ({@code ./mvnw spring-boot:run}, an IDE): each generation loads the application's
	 * classes afresh on a class loader of its own, with the dependency jars shared, so a
	 * reload runs the code just compiled, and a change in the class directories reloads.
	 * Context mode only; off unless enabled.
	 *
	 * @param enabled whether development mode is on
	 */
	public record Dev(@DefaultValue("false") boolean enabled) {
	}

	/**
	 * Rollback to the warm previous generation. Before every switch, a new generation whose
	 * health group is down is not switched to. With a window set, the previous generation
	 * (in process mode, the previous worker) stays open (no new connections) for that long
	 * after the switch; if the new one's health group goes down or its share of 5xx
	 * responses passes the error ratio meanwhile, traffic switches back and the new one
	 * drains. Read from the new generation's own configuration.
	 *
	 * @param window how long after a switch the new generation is watched; off unless set
	 * @param errorRatio the share of 5xx responses, from 0 (exclusive) to 1, above which the
	 * new generation is rolled back
	 * @param minimumResponses how many responses the new generation must have sent before
	 * its error ratio counts, so that one 500 out of two does not roll back
	 * @param healthGroup the health group checked before the switch and during the window;
	 * the readiness group unless set. Its indicators must be in the group (the readiness
	 * group holds only {@code readinessState} unless
	 * {@code management.endpoint.health.group.readiness.include} adds more)
	 */
	public record Rollback(@Nullable Duration window, @DefaultValue("0.5") double errorRatio,
			@DefaultValue("20") int minimumResponses, @Nullable String healthGroup) {

		public Rollback {
			// Validated as it is bound, so that a bad value fails at startup with its name.
			new RollbackSettings(window, errorRatio, minimumResponses, healthGroup);
		}

		public RollbackSettings toSettings() {
			return new RollbackSettings(this.window, this.errorRatio, this.minimumResponses, this.healthGroup);
		}

	}

	/**
	 * Work a generation does on its own, not in answer to a request: the
	 * {@code @Scheduled} tasks of its {@code taskScheduler}, its message listener
	 * containers (JMS, AMQP, Kafka listener registries and containers, Spring
	 * Integration inbound adapters) and its lifecycles marked
	 * {@code @SingletonLifecycle}. A new generation holds it while it starts; at the
	 * switch the old generation's is stopped, then the new generation's started.
	 *
	 * @param enabled whether singleton work moves at the switch; off, it runs in every
	 * live generation at once
	 * @param stopTimeout how long stopping the old generation's singleton work may wait
	 * for an execution under way (a scheduled task, a message being handled) to end; the
	 * new generation's starts then anyway, and the hand-over is logged and reported as
	 * not stopped in time
	 * @param beans names of further beans that are singleton work: lifecycles, or task
	 * schedulers whose {@code @Scheduled} tasks then move too
	 */
	public record Singletons(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration stopTimeout,
			@DefaultValue List<String> beans) {

		public SingletonSettings toSettings() {
			return new SingletonSettings(this.enabled, this.stopTimeout, this.beans);
		}

	}

	/**
	 * A response header naming the generation that answered, for clients and proxies.
	 *
	 * @param enabled whether every response carries the header
	 * @param name the header's name
	 */
	public record ResponseHeader(@DefaultValue("false") boolean enabled,
			@DefaultValue("X-App-Generation") String name) {

		@Nullable String nameIfEnabled() {
			return this.enabled ? this.name : null;
		}

	}

}
