package dev.hotreload.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.process.WorkerLink;

/**
 * One {@link FleetNode} per running application in this JVM, shared by all its
 * generations: created with the first, it acts for the instance once the application
 * serves, and leaves the fleet when the application shuts down. In a worker process it
 * steps aside when another worker serves, and holds the retirement until it finished
 * what it started.
 */
public final class FleetNodes {

	private static final Map<ReloadableApplication, FleetNode> NODES = new ConcurrentHashMap<>();

	private FleetNodes() {
	}

	/**
	 * The application's node, created on first use.
	 * @param application the application
	 * @param create creates the node
	 * @return the node
	 */
	public static FleetNode of(ReloadableApplication application, Supplier<FleetNode> create) {
		return NODES.computeIfAbsent(application, (key) -> {
			FleetNode node = create.get();
			Runnable unsubscribe = application.onGenerationsChanged(node::generationsChanged);
			application.runWhileServing(node::serves, () -> {
				unsubscribe.run();
				node.leave();
				NODES.remove(application);
			});
			if (WorkerLink.isWorkerJvm()) {
				application.worker().onServingChanged((serving) -> {
					if (serving) {
						node.serves();
					}
					else {
						application.worker().holdRetirement(node.stepAside());
					}
				});
			}
			return node;
		});
	}

}
