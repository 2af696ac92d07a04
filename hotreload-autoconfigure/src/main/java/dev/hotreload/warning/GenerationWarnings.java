package dev.hotreload.warning;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hotreload.reload.ReloadWarning;

/**
 * The warnings of the live generations of one JVM: they outlive each generation's context,
 * and a generation's go away when it closes.
 */
public final class GenerationWarnings {

	private final Map<Integer, List<ReloadWarning>> byGeneration = new ConcurrentHashMap<>();

	/**
	 * Records what a generation was warned about.
	 * @param generation the generation
	 * @param warnings its warnings, possibly none
	 */
	public void record(int generation, List<ReloadWarning> warnings) {
		if (warnings.isEmpty()) {
			this.byGeneration.remove(generation);
		}
		else {
			this.byGeneration.put(generation, List.copyOf(warnings));
		}
	}

	/**
	 * Forgets a generation that closed.
	 * @param generation the generation
	 */
	public void forget(int generation) {
		this.byGeneration.remove(generation);
	}

	/**
	 * The warnings of every live generation, oldest generation first.
	 * @return the warnings
	 */
	public List<ReloadWarning> all() {
		return this.byGeneration.values()
			.stream()
			.flatMap(List::stream)
			.sorted(Comparator.comparingInt(ReloadWarning::generation))
			.toList();
	}

}
