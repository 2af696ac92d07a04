package dev.hotreload.sampletest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mixed load a reload test puts on a sample: {@link LoadGenerator}'s clients
 * (keep-alive, a new connection per request, slow requests) and, beside them, Debian's
 * {@code wrk} and {@code hey} on keep-alive connections of their own. The tools are paced
 * (a request per connection every 10 ms, as the generator's clients), so the reloads, not
 * the load, get the cores. {@link #failures()} holds every failure any of them saw: a
 * client's error or non-200, wrk's socket errors and non-2xx, hey's errors and non-200.
 */
public final class MixedLoad implements AutoCloseable {

	private static final int TOOL_CONNECTIONS = 2;

	private final LoadGenerator clients;

	private final Process wrk;

	private final Process hey;

	private final Path wrkOutput;

	private final Path heyOutput;

	private LoadTools.Wrk wrkReport;

	private LoadTools.Hey heyReport;

	private MixedLoad(LoadGenerator clients, Path work, String url) throws Exception {
		this.clients = clients;
		this.wrkOutput = work.resolve("mixed-load-wrk.txt");
		this.heyOutput = work.resolve("mixed-load-hey.txt");
		Path pace = Files.writeString(work.resolve("mixed-load-pace.lua"), "function delay()\n\treturn 10\nend\n");
		this.wrk = LoadTools.start(List.of("wrk", "-t1", "-c" + TOOL_CONNECTIONS, "-d600s", "--timeout", "30s", "-s",
				pace.toString(), url), this.wrkOutput);
		this.hey = LoadTools.start(List.of("hey", "-z", "600s", "-c", Integer.toString(TOOL_CONNECTIONS), "-q", "100",
				"-t", "30", url), this.heyOutput);
	}

	/**
	 * Starts the load on {@code http://127.0.0.1:port/hello}; the tools must be installed
	 * ({@link LoadTools#install()}).
	 * @param port the sample's port
	 * @param work a directory for the tools' reports
	 * @param keepAliveClients generator clients on keep-alive connections
	 * @param newConnectionClients generator clients that open a connection per request
	 * @param slowClients generator clients whose requests take {@code slowDelayMillis}
	 * @param slowDelayMillis how long a slow request takes
	 * @return the running load
	 * @throws Exception if a tool cannot start
	 */
	public static MixedLoad start(int port, Path work, int keepAliveClients, int newConnectionClients,
			int slowClients, long slowDelayMillis) throws Exception {
		LoadGenerator clients = new LoadGenerator(port, keepAliveClients, newConnectionClients, slowClients,
				slowDelayMillis);
		try {
			return new MixedLoad(clients, work, "http://127.0.0.1:" + port + "/hello");
		}
		catch (Exception ex) {
			clients.close();
			throw ex;
		}
	}

	/** Stops every client and tool, and reads the tools' reports. */
	@Override
	public void close() throws Exception {
		if (this.heyReport != null) {
			return;
		}
		try {
			this.clients.close();
		}
		finally {
			try {
				this.wrkReport = LoadTools.Wrk.parse(LoadTools.interruptAndReport(this.wrk, this.wrkOutput));
			}
			finally {
				this.heyReport = LoadTools.Hey.parse(LoadTools.interruptAndReport(this.hey, this.heyOutput));
			}
		}
	}

	/** Every failure seen; call after {@link #close()}. */
	public List<String> failures() {
		requireClosed();
		List<String> failures = new ArrayList<>(this.clients.failures());
		if (this.wrkReport.socketErrors() > 0 || this.wrkReport.non2xxOr3xx() > 0) {
			failures.add("wrk: " + this.wrkReport.socketErrors() + " socket errors, " + this.wrkReport.non2xxOr3xx()
					+ " non-2xx or 3xx\n" + this.wrkReport.report());
		}
		if (this.heyReport.errors() > 0 || !Set.of(200).containsAll(this.heyReport.statusCodes().keySet())) {
			failures.add("hey: status codes " + this.heyReport.statusCodes() + ", " + this.heyReport.errors()
					+ " errors\n" + this.heyReport.report());
		}
		return failures;
	}

	/** The generator's clients' answers that were 200; call after {@link #close()}. */
	public long clientsSucceeded() {
		return this.clients.succeeded();
	}

	/** What wrk, hey and the generator's clients each got answered, for a test's output. */
	public String summary() {
		requireClosed();
		return "clients " + this.clients.succeeded() + " answered, " + this.clients.failures().size()
				+ " failed; wrk " + this.wrkReport.requests() + " requests, " + this.wrkReport.socketErrors()
				+ " socket errors, " + this.wrkReport.non2xxOr3xx() + " non-2xx; hey status codes "
				+ this.heyReport.statusCodes() + ", " + this.heyReport.errors() + " errors";
	}

	/** The tools' request counts, both positive when each ran across the reloads. */
	public long wrkRequests() {
		requireClosed();
		return this.wrkReport.requests();
	}

	public long heyResponses() {
		requireClosed();
		return this.heyReport.responses();
	}

	/** The generations that answered the generator's clients. */
	public Set<Integer> generationsSeen() {
		return this.clients.generationsSeen();
	}

	private void requireClosed() {
		if (this.heyReport == null) {
			throw new IllegalStateException("The load still runs: close it first");
		}
	}

}
