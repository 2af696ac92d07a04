package dev.hotreload.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sample.RunningSampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Development mode runs new code and leaves no class loader behind: each reload runs the
 * sample's main method on a new generation class loader over a copy of its class
 * directory, a class compiled anew there is what the next generation runs, and twenty
 * reloads leave at most two generation class loaders alive and metaspace flat. With
 * default JVM settings: soft references are then kept while the heap has room, so a cache
 * that holds a loader softly keeps it. With RabbitMQ's auto-configuration (no broker): its
 * {@code @RabbitListener} processor searches every method of every bean for annotations,
 * and what Spring caches of a generation's proxied configuration classes then kept every
 * generation (21 class loaders after 20 reloads) until {@code RetiredGenerationCleanup}
 * forgot it.
 */
class DevModeLeakIT {

	private static final int RELOADS = 20;

	// A class histogram's line: "  1088:  1  104  dev.hotreload.dev.GenerationClassLoader".
	private static final Pattern GENERATION_LOADERS = Pattern.compile(
			"^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+dev\\.hotreload\\.dev\\.GenerationClassLoader\\s*$",
			Pattern.MULTILINE);

	private static final Pattern USED = Pattern.compile("([\\d.]+) KB \\([^)]*\\) used");

	// Class space holds the classes themselves, its "Standard" part those of every loader
	// but the JDK's own (boot, reflection accessors, lambda forms): the application's, its
	// libraries', each generation's. Loaded in the first generations, it grew 3 to 10 KB
	// from reload 10 to 50 (when this test ran fifty reloads); a leaked generation keeps
	// its classes there, about 7 KB for this sample's eleven (70 KB over the 10 reloads
	// from reload 10 to 20).
	private static final double MAX_STANDARD_CLASS_SPACE_GROWTH_KB = 50;

	// Metaspace as a whole grew 3.5 MB from reload 10 to 50 without a leak (5 MB with one),
	// towards a bound: the profiles the JIT keeps of the shared code each start runs again,
	// and the accessors the JDK generates for a method called reflectively 15 times (the
	// auto-configurations' bean methods, around reload 15). This catches the leaks of real
	// applications, whose generations have megabytes of classes.
	private static final double MAX_METASPACE_GROWTH_KB = 10 * 1024;

	@TempDir
	Path temp;

	@Test
	void twentyReloadsLeaveAtMostTwoGenerationClassLoadersAndMetaspaceFlat() throws Exception {
		try (ClassDirectorySample sample = ClassDirectorySample.start(this.temp, "--sample.rabbit.enabled=true")
			.awaitServing()) {
			Snapshot afterTen = null;
			for (int i = 1; i <= RELOADS; i++) {
				boolean newCode = i == RELOADS / 2;
				if (newCode) {
					assertThat(sample.client().get("/hello").build()).isEqualTo("v1");
					sample.build("v2");
				}
				Answer reload = sample.reload();
				assertThat(reload.status()).as("reload %d: %s", i, reload.body()).isEqualTo(200);
				if (newCode) {
					assertThat(sample.client().get("/hello").build()).isEqualTo("v2");
				}
				if (i == 10) {
					afterTen = snapshot(sample);
				}
			}
			Snapshot afterLast = snapshot(sample);
			System.out.printf("Generation class loaders alive after 10 and %d reloads: %d, %d; metaspace used %.0f KB"
					+ " -> %.0f KB, of it class space of the standard loaders %.0f KB -> %.0f KB%n", RELOADS,
					afterTen.generationLoaders(), afterLast.generationLoaders(), afterTen.metaspaceKb(),
					afterLast.metaspaceKb(), afterTen.standardClassSpaceKb(), afterLast.standardClassSpaceKb());
			assertThat(afterLast.generationLoaders()).isLessThanOrEqualTo(2);
			assertThat(afterLast.standardClassSpaceKb() - afterTen.standardClassSpaceKb())
				.isLessThan(MAX_STANDARD_CLASS_SPACE_GROWTH_KB);
			assertThat(afterLast.metaspaceKb() - afterTen.metaspaceKb()).isLessThan(MAX_METASPACE_GROWTH_KB);
		}
	}

	// After the older generations closed and a full GC, which the histogram forces.
	private static Snapshot snapshot(ClassDirectorySample sample) throws Exception {
		sample.awaitOneGeneration();
		Matcher loaders = GENERATION_LOADERS.matcher(sample.jcmd("GC.class_histogram"));
		int generationLoaders = loaders.find() ? Integer.parseInt(loaders.group(1)) : 0;
		List<String> metaspace = sample.jcmd("VM.metaspace", "by-spacetype", "scale=KB").lines().toList();
		return new Snapshot(generationLoaders, used(metaspace, "Total Usage", "Both:"),
				used(metaspace, "Standard", "Class:"));
	}

	private static double used(List<String> metaspace, String section, String line) {
		int start = 0;
		while (start < metaspace.size() && !metaspace.get(start).startsWith(section)) {
			start++;
		}
		for (String candidate : metaspace.subList(Math.min(start, metaspace.size()), metaspace.size())) {
			Matcher used = USED.matcher(candidate);
			if (candidate.trim().startsWith(line) && used.find()) {
				return Double.parseDouble(used.group(1));
			}
		}
		throw new IllegalStateException("No " + line + " used in " + section + " of\n" + String.join("\n", metaspace));
	}

	private record Snapshot(int generationLoaders, double metaspaceKb, double standardClassSpaceKb) {
	}

}
