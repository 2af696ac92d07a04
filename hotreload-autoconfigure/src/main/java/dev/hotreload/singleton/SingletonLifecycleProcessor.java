package dev.hotreload.singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.context.Lifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * The lifecycle processor of a generation: Spring's, except that it leaves the
 * generation's held singleton lifecycles alone, so that refreshing the context does not
 * start them. Once they are started they are its again, and closing the context stops
 * them as usual.
 */
public class SingletonLifecycleProcessor extends DefaultLifecycleProcessor {

	private final GenerationSingletons singletons;

	public SingletonLifecycleProcessor(GenerationSingletons singletons) {
		this.singletons = singletons;
	}

	@Override
	protected Map<String, Lifecycle> getLifecycleBeans() {
		Map<String, Lifecycle> beans = super.getLifecycleBeans();
		Set<String> held = this.singletons.heldLifecycles();
		if (held.isEmpty()) {
			return beans;
		}
		Map<String, Lifecycle> others = new LinkedHashMap<>(beans);
		others.keySet().removeAll(held);
		return others;
	}

}
