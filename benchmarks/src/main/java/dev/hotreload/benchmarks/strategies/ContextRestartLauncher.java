package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import dev.hotreload.generation.WorkerGeneration;
import dev.hotreload.sample.SampleApplication;

/**
 * Runs the sample as a plain Spring Boot application (the harness passes
 * {@code --hotreload.enabled=false}) and, when asked, restarts it the way Spring Boot
 * DevTools' restart and Spring Cloud's {@code /actuator/restart} do: close the
 * {@code ApplicationContext}, then run the {@code SpringApplication} again, same JVM, same
 * port, same arguments.
 *
 * <p>With the system property {@value #CONTROL_PORT_PROPERTY} set, a JDK HTTP server on
 * that port (loopback) takes {@code POST /restart}: it answers once the old context is
 * closed, then the application runs again. Without it, this is just the plain sample.
 *
 * <p>The sample's {@code HelloController} needs a {@link WorkerGeneration}, which only
 * hotreload provides; without hotreload the sample would not start, so this launcher
 * registers one, numbered by restart (1, 2, ...).
 */
public final class ContextRestartLauncher {

	static final String MAIN_CLASS = ContextRestartLauncher.class.getName();

	static final String CONTROL_PORT_PROPERTY = "hotreload.benchmarks.control-port";

	private final String[] args;

	private final AtomicInteger runs = new AtomicInteger();

	private volatile ConfigurableApplicationContext context;

	private ContextRestartLauncher(String[] args) {
		this.args = args.clone();
	}

	public static void main(String[] args) throws IOException {
		ContextRestartLauncher launcher = new ContextRestartLauncher(args);
		launcher.run();
		String controlPort = System.getProperty(CONTROL_PORT_PROPERTY);
		if (controlPort != null) {
			launcher.listen(Integer.parseInt(controlPort));
		}
	}

	private void run() {
		int number = this.runs.incrementAndGet();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers((context) -> ((GenericApplicationContext) context)
			.registerBean(WorkerGeneration.class, () -> WorkerGeneration.startingNow(number)));
		this.context = application.run(this.args);
	}

	private void listen(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		server.createContext("/restart", (exchange) -> {
			// Requests run on the server's dispatcher thread; SIGTERM still ends the JVM.
			Thread.currentThread().setContextClassLoader(classLoader);
			if (!"POST".equals(exchange.getRequestMethod())) {
				answer(exchange, 405, "POST only\n");
				return;
			}
			long started = System.nanoTime();
			this.context.close();
			answer(exchange, 200, "closed in " + (System.nanoTime() - started) / 1_000_000 + " ms\n");
			run();
		});
		server.start();
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
