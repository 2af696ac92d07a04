package dev.hotreload.benchmarks.load;

/**
 * How many clients of each kind put load on the sample.
 *
 * @param keepAliveClients clients that reuse their connection
 * @param newConnectionClients clients that open a new connection per request
 * @param slowClients keep-alive clients whose requests take {@code slowDelayMillis}
 * @param slowDelayMillis how long a slow request takes on the server
 */
public record LoadShape(int keepAliveClients, int newConnectionClients, int slowClients, long slowDelayMillis) {

	public static final LoadShape DEFAULT = new LoadShape(4, 2, 2, 500);

	int clients() {
		return this.keepAliveClients + this.newConnectionClients + this.slowClients;
	}

	@Override
	public String toString() {
		return this.keepAliveClients + " keep-alive, " + this.newConnectionClients + " new-connection, "
				+ this.slowClients + " slow (" + this.slowDelayMillis + " ms)";
	}

}
