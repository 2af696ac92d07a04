package dev.hotreload.benchmarks.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} in a PKCS12 key store that the JDK's
 * {@code keytool} generates for the run, with a password made up for it.
 */
final class SelfSignedKeyStore {

	private static final String ALIAS = "sample";

	private final Path file;

	private final String password = UUID.randomUUID().toString();

	private SelfSignedKeyStore(Path file) {
		this.file = file;
	}

	static SelfSignedKeyStore generate(Path directory) throws IOException, InterruptedException {
		SelfSignedKeyStore store = new SelfSignedKeyStore(directory.resolve("tls-benchmark.p12"));
		Files.deleteIfExists(store.file);
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", store.file.toString(), "-storepass",
				store.password, "-keypass", store.password)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
		return store;
	}

	/** The arguments that make the sample serve this key store over TLS. */
	List<String> serverArguments() {
		return List.of("--server.ssl.enabled=true", "--server.ssl.key-store=" + this.file.toUri(),
				"--server.ssl.key-store-type=PKCS12", "--server.ssl.key-store-password=" + this.password,
				"--server.ssl.key-alias=" + ALIAS);
	}

	/**
	 * A client context that trusts this certificate; each one has a session cache of its
	 * own.
	 */
	SSLContext clientContext() throws IOException, GeneralSecurityException {
		KeyStore server = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.file)) {
			server.load(in, this.password.toCharArray());
		}
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry(ALIAS, server.getCertificate(ALIAS));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
