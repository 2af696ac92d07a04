package dev.hotreload.samplewebflux;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Pooled HTTP clients (Apache HttpClient, one keep-alive connection each) that send a
 * request and then idle; each records the generations that answered it and the local
 * address of every connection it used, so that a reconnect is seen for real. (A copy of
 * sample-jetty-app's: test modules share no code.)
 */
final class IdleClients implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private final List<Set<SocketAddress>> connections = new ArrayList<>();

	private final List<Set<String>> generations = new ArrayList<>();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger answered = new AtomicInteger();

	private final long idleMillis;

	private volatile boolean stopped;

	IdleClients(String url, int clients, long idleMillis) {
		this.idleMillis = idleMillis;
		for (int i = 0; i < clients; i++) {
			Set<SocketAddress> used = ConcurrentHashMap.newKeySet();
			Set<String> seen = ConcurrentHashMap.newKeySet();
			this.connections.add(used);
			this.generations.add(seen);
			Thread thread = new Thread(() -> run(url, used, seen), "idle-client-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void run(String url, Set<SocketAddress> used, Set<String> seen) {
		try (CloseableHttpClient client = WebFluxSample.client(true)) {
			while (!this.stopped) {
				HttpClientContext context = HttpClientContext.create();
				try {
					seen.add(client.execute(new HttpGet(url), context, (response) -> {
						EntityUtils.consume(response.getEntity());
						if (response.getCode() != 200) {
							this.failures.add("status " + response.getCode());
						}
						return response.getFirstHeader("X-App-Generation").getValue();
					}));
					used.add(context.getEndpointDetails().getLocalAddress());
					this.answered.incrementAndGet();
				}
				catch (IOException ex) {
					this.failures.add(ex.toString());
				}
				WebFluxSample.pause(this.idleMillis);
			}
		}
		catch (IOException ex) {
			this.failures.add(ex.toString());
		}
	}

	boolean allSaw(String generation) {
		return this.generations.stream().allMatch((seen) -> seen.contains(generation));
	}

	int answered() {
		return this.answered.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	/** Connections opened beyond each client's first. */
	int reconnects() {
		return this.connections.stream().mapToInt((used) -> used.size() - 1).sum();
	}

	@Override
	public void close() throws InterruptedException {
		this.stopped = true;
		for (Thread thread : this.threads) {
			thread.join(this.idleMillis * 3);
		}
	}

}
