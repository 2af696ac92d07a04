package dev.hotreload.process.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import dev.hotreload.process.PrivateDirectory;

/**
 * The dependency jars of a release, by name and content, and the JVM that runs them: what
 * a class data sharing archive is valid for. Its key names the directory that holds a
 * stable copy of the jars (the archive records their paths, sizes and times) and the
 * archive built over them.
 *
 * @param key a hash of the jars' names and fingerprints, the java executable and its options
 * other than system properties
 * @param jars each jar's name and the fingerprint of its content, in class path order
 */
record DependencySet(String key, Map<String, String> jars) {

	/**
	 * Hashes the dependencies of an extracted release.
	 * @param jars the dependency jars, in class path order
	 * @param java the java executable workers run on
	 * @param jvmOptions the options they run with; system properties ({@code -D}) are left
	 * out of the key, since they cannot change which archived classes are valid, and a
	 * supervisor started with its own {@code -Djava.io.tmpdir} or profile would otherwise
	 * build an archive of its own for the same jars
	 * @return the set
	 * @throws IOException if a jar cannot be read
	 */
	static DependencySet of(List<Path> jars, String java, List<String> jvmOptions) throws IOException {
		Map<String, String> hashes = new LinkedHashMap<>();
		MessageDigest key = sha256();
		for (Path jar : jars) {
			String hash = fingerprint(jar);
			hashes.put(jar.getFileName().toString(), hash);
			key.update((jar.getFileName() + "=" + hash + "\n").getBytes(StandardCharsets.UTF_8));
		}
		List<String> options = jvmOptions.stream().filter((option) -> !option.startsWith("-D")).toList();
		key.update((java + "\n" + System.getProperty("java.vm.version") + "\n" + String.join("\n", options))
			.getBytes(StandardCharsets.UTF_8));
		return new DependencySet(HexFormat.of().formatHex(key.digest()).substring(0, 16), hashes);
	}

	/**
	 * Copies the jars into {@code <cache>/<key>/lib} unless another release or another
	 * supervisor did so already: their paths and times must stay as the archive recorded them.
	 * @param cache the cache directory
	 * @param jars the jars, in class path order
	 * @return the stable copies, in class path order
	 * @throws IOException if they cannot be copied
	 */
	List<Path> materialize(Path cache, List<Path> jars) throws IOException {
		Path lib = directory(cache).resolve("lib");
		if (!Files.isDirectory(lib)) {
			Files.createDirectories(lib.getParent());
			Path staging = Files.createTempDirectory(lib.getParent(), "lib-");
			for (Path jar : jars) {
				Files.copy(jar, staging.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
			}
			try {
				Files.move(staging, lib, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (FileAlreadyExistsException | AtomicMoveNotSupportedException ex) {
				// Another supervisor won the race: its copy is as good.
				PrivateDirectory.delete(staging);
			}
			catch (IOException ex) {
				PrivateDirectory.delete(staging);
				if (!Files.isDirectory(lib)) {
					throw ex;
				}
			}
		}
		List<Path> stable = new ArrayList<>();
		for (Path jar : jars) {
			stable.add(lib.resolve(jar.getFileName().toString()));
		}
		return stable;
	}

	Path directory(Path cache) {
		return cache.resolve(this.key);
	}

	/**
	 * What changed since another set, for the log.
	 * @param previous the set before
	 * @return the jars added, removed and changed, or what else differs
	 */
	String changesFrom(DependencySet previous) {
		List<String> changes = new ArrayList<>();
		this.jars.forEach((name, hash) -> {
			String before = previous.jars.get(name);
			if (before == null) {
				changes.add("added " + name);
			}
			else if (!before.equals(hash)) {
				changes.add("changed " + name);
			}
		});
		previous.jars.keySet()
			.stream()
			.filter((name) -> !this.jars.containsKey(name))
			.forEach((name) -> changes.add("removed " + name));
		return changes.isEmpty() ? "the class path order, the java or its options changed" : String.join(", ", changes);
	}

	/**
	 * What identifies a file's content: its CRC-32C and CRC-32 (two checksums of other
	 * polynomials, 64 bits against an accidental change) and its size. Not a cryptographic
	 * hash: a supervisor reads the whole application jar at every worker start and its
	 * dependencies at every new release, and SHA-256 of the sample's 56 MB jar took 0.6 to
	 * 1.7 s in a JVM that compiles with C1 only (no SHA intrinsic there; the tests'
	 * supervisors run so), against 11 to 260 ms for the two checksums (the
	 * first read of the file included), which both compilers turn into CPU instructions. A jar
	 * changed by someone who wants a collision is out of scope: whoever can write the jar
	 * runs their code anyway. And the JVM checks each archived jar's size and time itself.
	 * @param file the file
	 * @return 28 hexadecimal digits
	 * @throws IOException if it cannot be read
	 */
	static String fingerprint(Path file) throws IOException {
		CRC32C crc32c = new CRC32C();
		CRC32 crc32 = new CRC32();
		long size = 0;
		byte[] buffer = new byte[65536];
		try (InputStream in = Files.newInputStream(file)) {
			int read;
			while ((read = in.read(buffer)) > 0) {
				crc32c.update(buffer, 0, read);
				crc32.update(buffer, 0, read);
				size += read;
			}
		}
		return String.format("%08x%08x%012x", crc32c.getValue(), crc32.getValue(), size);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
