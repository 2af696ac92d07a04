package dev.hotreload.sampletest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} in a PKCS12 key store that the JDK's
 * {@code keytool} generates in a temporary directory, with a password made up for the
 * run: the sample serves it through {@code server.ssl.*} arguments, a client trusts it.
 */
public final class SelfSignedTls {

	private static final String ALIAS = "sample";

	private final Path keyStore;

	private final String password = UUID.randomUUID().toString();

	private SelfSignedTls(Path keyStore) {
		this.keyStore = keyStore;
	}

	/**
	 * Generates a key store in {@code directory}.
	 * @param directory a temporary directory
	 * @return the key store
	 */
	public static SelfSignedTls generate(Path directory) throws IOException, InterruptedException {
		SelfSignedTls tls = new SelfSignedTls(directory.resolve("sample.p12"));
		tls.regenerate();
		return tls;
	}

	/**
	 * Replaces the key pair and certificate in place, as a certificate rotation does.
	 */
	public void regenerate() throws IOException, InterruptedException {
		Files.deleteIfExists(this.keyStore);
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", this.keyStore.toString(), "-storepass",
				this.password, "-keypass", this.password)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
	}

	/** The arguments that make the sample serve this key store over TLS. */
	public List<String> serverArguments() {
		return List.of("--server.ssl.enabled=true", "--server.ssl.key-store=" + this.keyStore.toUri(),
				"--server.ssl.key-store-type=PKCS12", "--server.ssl.key-store-password=" + this.password,
				"--server.ssl.key-alias=" + ALIAS);
	}

	/** The certificate the key store holds now. */
	public Certificate certificate() throws IOException, GeneralSecurityException {
		return load().getCertificate(ALIAS);
	}

	/** A client context that trusts the certificate the key store holds now. */
	public SSLContext clientContext() throws IOException, GeneralSecurityException {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry(ALIAS, certificate());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	private KeyStore load() throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.keyStore)) {
			store.load(in, this.password.toCharArray());
		}
		return store;
	}

}
