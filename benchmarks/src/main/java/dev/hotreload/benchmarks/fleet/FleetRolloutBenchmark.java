package dev.hotreload.benchmarks.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * One {@code POST /actuator/reload/fleet} against a script that reloads the same three
 * instances one by one ({@code POST /actuator/reload} on each, the next once the previous
 * answered): three sample JVMs in context mode with the fleet on a private RabbitMQ node,
 * the same load on each. Per round and way: the total time, each instance's step and the
 * failed requests. Prints a table and writes {@code fleet-rollout.csv}. Run from the
 * repository's root (it starts the broker with {@code hotreload-fleet/rabbitmq/rabbitmq-node.sh}).
 */
public final class FleetRolloutBenchmark {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.fleet.FleetRolloutBenchmark \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --rounds=N        rollouts and scripted runs, alternating (default 2)
			  --settle-millis=N the fleet's hotreload.fleet.settle (default 1000)
			  --results-dir=DIR where the CSV file and logs go (default benchmarks/results)
			  --help            print this and exit
			""";

	private static final List<String> NAMES = List.of("a", "b", "c");

	private static final LoadShape LOAD = new LoadShape(1, 1, 0, 0);

	private static final long POLL_MILLIS = 100;

	private final Options options;

	private final PrintStream out;

	private final List<LoadGenerator> loads = new ArrayList<>();

	FleetRolloutBenchmark(Options options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--help")) {
			System.out.print(USAGE);
			return;
		}
		Options options;
		try {
			options = CommandLineFlags.parse(args, new Options(2, 1000, Path.of("benchmarks", "results")),
					List.of("--rounds", "--settle-millis", "--results-dir"), Options::with);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		new FleetRolloutBenchmark(options, System.out).run();
	}

	void run() throws IOException, InterruptedException {
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		SampleLaunchCommand command = SampleLaunchCommand.forThisJvm();
		Environment environment = Environment.current(command);
		this.out.printf("hotreload fleet rollout against a reload script, %s, Java %s, %d processors, %s%n",
				environment.date(), environment.javaVersion(), environment.availableProcessors(), environment.os());
		this.out.printf("3 instances (context mode), load on each: %s; hotreload.fleet.settle=%d ms%n", LOAD,
				this.options.settleMillis());
		Table table = new Table("way", "round", "total ms", "step a ms", "step b ms", "step c ms", "failed requests",
				"requests");
		List<SampleProcess> samples = new ArrayList<>();
		List<SampleClient> clients = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		try (BrokerNode broker = BrokerNode.start(logs.resolve("fleet-rabbitmq"))) {
			for (String name : NAMES) {
				List<String> arguments = List.of("--spring.profiles.active=fleet", "--spring.cloud.bus.id=sample-app:" + name,
						"--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + broker.port(),
						"--hotreload.fleet.heartbeat=1s", "--hotreload.fleet.settle=" + this.options.settleMillis() + "ms",
						"--hotreload.reload-timeout=180s", "--hotreload.fleet.step-timeout=240s");
				SampleProcess sample = SampleProcess.start(command, List.of(), arguments,
						logs.resolve("fleet-" + name + ".log"));
				samples.add(sample);
				ports.add(sample.port());
				clients.add(new SampleClient(sample.port()));
			}
			for (int i = 0; i < samples.size(); i++) {
				samples.get(i).awaitFirstHello(clients.get(i));
			}
			for (SampleClient client : clients) {
				awaitMembers(client);
			}
			for (int round = 1; round <= this.options.rounds(); round++) {
				table.row(with(rollout(clients, ports), "fleet rollout", round));
				table.row(with(script(clients, ports), "script", round));
			}
		}
		finally {
			// Clients of a run that failed would keep the JVM alive.
			for (LoadGenerator load : this.loads) {
				load.close();
			}
			for (SampleClient client : clients) {
				client.close();
			}
			for (SampleProcess sample : samples) {
				sample.close();
			}
		}
		table.print("Reloading 3 instances one at a time under load:", this.out);
		table.writeCsv(results.resolve("fleet-rollout.csv"));
	}

	private static Object[] with(Object[] measured, String way, int round) {
		Object[] row = new Object[measured.length + 2];
		row[0] = way;
		row[1] = round;
		System.arraycopy(measured, 0, row, 2, measured.length);
		return row;
	}

	/** One POST on the last instance, which coordinates; its steps as it measured them. */
	private Object[] rollout(List<SampleClient> clients, List<Integer> ports) throws IOException, InterruptedException {
		SampleClient coordinator = clients.get(clients.size() - 1);
		startLoad(ports);
		long started = System.nanoTime();
		SampleClient.Answer answer = coordinator.postAsOperator("/actuator/reload/fleet");
		if (answer.status() != 202) {
			throw new IllegalStateException("POST /actuator/reload/fleet answered " + answer.status() + ": "
					+ answer.body());
		}
		String id = JsonMapper.shared().readTree(answer.body()).path("id").asString();
		JsonNode rollout;
		do {
			Thread.sleep(POLL_MILLIS);
			rollout = coordinator.status().path("fleet").path("rollout");
		}
		while (!id.equals(rollout.path("id").asString()) || "RUNNING".equals(rollout.path("state").asString()));
		long total = (System.nanoTime() - started) / 1_000_000;
		if (!"SUCCEEDED".equals(rollout.path("state").asString())) {
			throw new IllegalStateException("The rollout did not succeed: " + rollout);
		}
		List<Object> row = new ArrayList<>(List.of(total));
		rollout.path("steps").forEach((step) -> row.add(step.path("durationMillis").asLong()));
		row.addAll(stopLoad());
		return row.toArray();
	}

	/** {@code POST /actuator/reload} on each instance, the next once the previous answered. */
	private Object[] script(List<SampleClient> clients, List<Integer> ports) throws IOException, InterruptedException {
		startLoad(ports);
		long started = System.nanoTime();
		List<Object> row = new ArrayList<>(List.of(0L));
		for (SampleClient client : clients) {
			long step = System.nanoTime();
			int generation = client.status().path("currentGeneration").asInt();
			try {
				ReloadResponse reload = client.reload();
				if (!"SUCCESS".equals(reload.outcome())) {
					throw new IllegalStateException("A scripted reload did not succeed: " + reload.body());
				}
			}
			catch (SocketTimeoutException ex) {
				// A reload slower than the client's response timeout (a loaded machine): the
				// script waits for the switch instead, as a script would poll.
				while (client.status().path("currentGeneration").asInt() == generation) {
					Thread.sleep(POLL_MILLIS);
				}
			}
			row.add((System.nanoTime() - step) / 1_000_000);
		}
		row.set(0, (System.nanoTime() - started) / 1_000_000);
		row.addAll(stopLoad());
		return row.toArray();
	}

	private void startLoad(List<Integer> ports) throws InterruptedException {
		for (int port : ports) {
			this.loads.add(new LoadGenerator(port, LOAD));
		}
		Thread.sleep(1000);
	}

	/** Stops the load a second after the last step: the failed requests and all requests. */
	private List<Object> stopLoad() throws InterruptedException {
		Thread.sleep(1000);
		long failed = 0;
		long requests = 0;
		for (LoadGenerator load : this.loads) {
			LoadResult result = load.stop();
			failed += result.errors();
			requests += result.requests();
		}
		this.loads.clear();
		return List.of(failed, requests);
	}

	private static void awaitMembers(SampleClient client) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (client.status().path("fleet").path("members").size() < NAMES.size()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The fleet did not form: " + client.status().path("fleet"));
			}
			Thread.sleep(POLL_MILLIS);
		}
	}

	/**
	 * What the benchmark runs.
	 *
	 * @param rounds rollouts and scripted runs, alternating
	 * @param settleMillis the fleet's settle time
	 * @param resultsDir where the CSV file and logs go
	 */
	record Options(int rounds, int settleMillis, Path resultsDir) {

		Options with(String flag, String value) throws UsageException {
			return switch (flag) {
				case "--rounds" -> new Options(CommandLineFlags.positive(flag, value), this.settleMillis,
						this.resultsDir);
				case "--settle-millis" -> new Options(this.rounds, CommandLineFlags.atLeast(flag, value, 0),
						this.resultsDir);
				case "--results-dir" -> new Options(this.rounds, this.settleMillis, Path.of(value));
				default -> throw new UsageException("Unknown option '" + flag + "'");
			};
		}

	}

}
