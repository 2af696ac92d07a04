package dev.hotreload.process.startup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.process.PrivateDirectory;

/**
 * Starts workers from the application jar's extracted layout, with the dependency jars
 * first (from a copy kept per set of dependencies) and the application's own jar last, and
 * gives them the class data sharing archive of those dependencies once there is one. The
 * archive is built in the background while a worker serves ({@link ArchiveTraining}), and
 * built again when the dependencies change or a worker's JVM rejected it. Whatever goes
 * wrong, a worker starts anyway: from the extracted layout without an archive, or from the
 * jar itself when it cannot be extracted.
 */
public final class ClassDataSharing {

	private static final Log logger = LogFactory.getLog(ClassDataSharing.class);

	private static final String CDS_LOG = "cds.log";

	private static final String BUILD_LOCK = "build.lock";

	private final ClassDataSharingSettings settings;

	private final String java;

	private final List<String> jvmOptions;

	private final List<String> args;

	private final Path releases;

	private final CacheRetention retention;

	private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

	private final Map<Path, Launch> launches = new ConcurrentHashMap<>();

	private final Set<String> building = ConcurrentHashMap.newKeySet();

	private final ExecutorService builder = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "hotreload-cds-build");
		thread.setDaemon(true);
		return thread;
	});

	private final BuildProcesses buildProcesses = new BuildProcesses();

	private volatile @Nullable DependencySet lastDependencies;

	/**
	 * @param settings whether and where
	 * @param java the java executable workers run on
	 * @param jvmOptions their options
	 * @param args the application's arguments
	 * @param privateDirectory the supervisor's directory, for the extracted releases
	 */
	public ClassDataSharing(ClassDataSharingSettings settings, String java, List<String> jvmOptions, List<String> args,
			Path privateDirectory) {
		this.settings = settings;
		this.java = java;
		this.jvmOptions = jvmOptions.stream().filter((option) -> !isSharingOption(option)).toList();
		this.args = args;
		this.releases = privateDirectory.resolve("releases");
		this.retention = new CacheRetention(settings.directory(), settings.keep());
	}

	public boolean isEnabled() {
		return this.settings.enabled();
	}

	/**
	 * The JVM options the worker runs with: the supervisor's, without options about class
	 * data sharing of its own, which would clash with the archive given here.
	 * @return the options
	 */
	public List<String> jvmOptions() {
		return this.jvmOptions;
	}

	/**
	 * What follows the JVM options on a worker's command line: the archive options, the
	 * class path of the extracted layout and the main class.
	 * @param jar the worker's copy of the application jar
	 * @param workerDirectory the worker's own directory
	 * @return the arguments, or {@code null} if the jar cannot be extracted and the worker
	 * starts from it with {@code -jar}
	 */
	public @Nullable List<String> launchArguments(Path jar, Path workerDirectory) {
		Prepared prepared;
		try {
			prepared = prepare(jar);
		}
		catch (IOException ex) {
			logger.warn("The worker starts from " + jar.getFileName() + " itself, without class data sharing: "
					+ ex.getMessage());
			return null;
		}
		ReleaseExtract release = prepared.release();
		DependencySet dependencies = prepared.dependencies();
		List<Path> stable = prepared.stable();
		Path directory = dependencies.directory(this.settings.directory());
		try {
			this.retention.use(directory);
		}
		catch (IOException ex) {
			logger.warn("The worker starts from " + jar.getFileName() + " itself, without class data sharing: "
					+ ex.getMessage());
			return null;
		}
		Path archive = directory.resolve(ArchiveTraining.ARCHIVE);
		DependencySet previous = this.lastDependencies;
		this.lastDependencies = dependencies;
		List<String> arguments = new ArrayList<>();
		boolean withArchive = Files.isRegularFile(archive);
		if (withArchive) {
			Path log = workerDirectory.resolve(CDS_LOG);
			arguments.add("-XX:SharedArchiveFile=" + archive);
			arguments.add("-Xshare:auto");
			arguments.add(CdsLog.option(log));
			logger.info("The worker starts with the class data archive " + archive);
		}
		else if (previous != null && !previous.key().equals(dependencies.key())) {
			logger.info("The dependencies changed (" + dependencies.changesFrom(previous)
					+ "): the worker starts without a class data archive; one is built for them once it serves");
		}
		else {
			logger.info("No class data archive for these dependencies yet (" + directory
					+ "): the worker starts without one; one is built once it serves");
		}
		List<Path> classPath = new ArrayList<>(stable);
		classPath.add(release.applicationJar());
		arguments.add("-cp");
		arguments.add(ArchiveTraining.classPath(classPath));
		arguments.add(release.mainClass());
		this.launches.put(workerDirectory, new Launch(release, stable, directory, withArchive ? archive : null));
		return arguments;
	}

	/**
	 * Called once a worker serves: says whether its JVM used the archive, and builds one
	 * in the background if there is none for its dependencies or its JVM rejected it.
	 * @param workerDirectory the worker's own directory
	 * @param worker the worker, for the log
	 */
	public void serving(Path workerDirectory, String worker) {
		this.builder.execute(this.retention::prune);
		Launch launch = this.launches.remove(workerDirectory);
		if (launch == null) {
			return;
		}
		Path archive = launch.archive();
		if (archive != null) {
			CdsLog verdict = CdsLog.read(workerDirectory.resolve(CDS_LOG), archive);
			if (verdict.used()) {
				logger.info(worker + " runs with the class data archive (-Xlog:cds: " + verdict.reason() + ")");
				return;
			}
			logger.warn(worker + "'s JVM did not use the class data archive " + archive + ": " + verdict.reason()
					+ ". It started without it; the archive is built again");
		}
		build(launch);
	}

	private void build(Launch launch) {
		String key = launch.directory().getFileName().toString();
		if (!this.building.add(key)) {
			return;
		}
		this.builder.execute(() -> {
			// The cache is shared by every supervisor of the machine: one builds, under a file
			// lock, and the others' next workers use what it built.
			try (FileChannel lockFile = FileChannel.open(launch.directory().resolve(BUILD_LOCK),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock lock = lockFile.tryLock()) {
				Path existing = launch.directory().resolve(ArchiveTraining.ARCHIVE);
				if (lock == null) {
					logger.info("Another supervisor is building the class data archive in " + launch.directory()
							+ "; the next worker starts with it once it is built");
					return;
				}
				if (launch.archive() == null && Files.isRegularFile(existing)) {
					logger.info("Another supervisor built the class data archive " + existing
							+ " meanwhile: the next worker starts with it");
					return;
				}
				train(launch.release(), launch.dependencies(), launch.directory(), true, "the next worker");
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Building the class data archive failed; workers start without one: " + ex.getMessage());
			}
			finally {
				this.building.remove(key);
			}
		});
	}

	/**
	 * Builds the archive for a jar's dependencies now, at this JVM's CPU priority, unless
	 * one exists: for a deploy step, so that the first worker of the jar starts with it.
	 * Waits for a build another supervisor has under way, then uses what it built.
	 * @param jar the application jar
	 * @return the archive
	 * @throws IOException if the jar cannot be extracted or a step of the build failed
	 */
	public Path buildNow(Path jar) throws IOException {
		Prepared prepared = prepare(jar);
		Path directory = prepared.dependencies().directory(this.settings.directory());
		Path archive = directory.resolve(ArchiveTraining.ARCHIVE);
		try (FileChannel lockFile = FileChannel.open(directory.resolve(BUILD_LOCK), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
			if (Files.isRegularFile(archive)) {
				logger.info("The class data archive " + archive + " exists already: workers of "
						+ jar.getFileName() + " start with it");
				return archive;
			}
			return train(prepared.release(), prepared.stable(), directory, false, "workers of " + jar.getFileName());
		}
	}

	/**
	 * A training run and a dump, logged; the caller holds the build lock.
	 * @param inBackground whether at the lowest CPU priority (a serving supervisor's
	 * build) or at this JVM's (a deploy step's)
	 * @param startsWithIt who starts with the archive, for the log
	 */
	private Path train(ReleaseExtract release, List<Path> dependencies, Path directory, boolean inBackground,
			String startsWithIt) throws IOException {
		long started = System.nanoTime();
		logger.info("Building the class data archive of the dependencies in " + directory + (inBackground
				? " in the background (a training run and a dump, at the lowest CPU priority)"
				: " (a training run and a dump)"));
		Path archive = ArchiveTraining.build(this.java, this.jvmOptions, release, dependencies, this.args, directory,
				inBackground, this.buildProcesses);
		logger.info("Built the class data archive " + archive + " (" + Files.size(archive) / (1024 * 1024)
				+ " MB) in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s: " + startsWithIt
				+ " start" + (inBackground ? "s" : "") + " with it");
		return archive;
	}

	/**
	 * Extracts a jar not seen before and compares its dependencies with the copies in the
	 * cache; the extract keeps only the application's own jar.
	 */
	private Prepared prepare(Path jar) throws IOException {
		String hash = DependencySet.fingerprint(jar);
		Prepared prepared = this.prepared.get(hash);
		if (prepared == null) {
			ReleaseExtract release = ReleaseExtract.extract(jar, this.releases.resolve(hash));
			DependencySet dependencies = DependencySet.of(release.dependencies(), this.java, this.jvmOptions);
			// Before its files are looked at: a pruning by another supervisor then leaves it be.
			this.retention.use(dependencies.directory(this.settings.directory()));
			List<Path> stable = dependencies.materialize(this.settings.directory(), release.dependencies());
			PrivateDirectory.delete(this.releases.resolve(hash).resolve("lib"));
			prepared = new Prepared(release, dependencies, stable);
			this.prepared.put(hash, prepared);
		}
		return prepared;
	}

	/**
	 * Stops building archives: a build under way is abandoned, its JVMs ended.
	 */
	public void close() {
		this.builder.shutdownNow();
		this.buildProcesses.close();
		this.retention.close();
	}

	private static boolean isSharingOption(String option) {
		return option.startsWith("-Xshare:") || option.startsWith("-XX:SharedArchiveFile")
				|| option.startsWith("-XX:ArchiveClassesAtExit") || option.startsWith("-XX:AOTCache")
				|| option.startsWith("-XX:AOTMode") || option.startsWith("-Xlog:cds");
	}

	private record Prepared(ReleaseExtract release, DependencySet dependencies, List<Path> stable) {
	}

	private record Launch(ReleaseExtract release, List<Path> dependencies, Path directory, @Nullable Path archive) {
	}

}
