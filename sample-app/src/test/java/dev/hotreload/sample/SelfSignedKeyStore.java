package dev.hotreload.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} in a PKCS12 key
 * store, made by the JDK's {@code keytool} for one test run: nothing secret lives in the
 * repository.
 */
record SelfSignedKeyStore(Path file, String password) {

	static SelfSignedKeyStore create(Path directory) throws IOException, InterruptedException {
		Path file = directory.resolve("sample.p12");
		String password = UUID.randomUUID().toString();
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		PrometheusServer.run(List.of(keytool, "-genkeypair", "-alias", "sample", "-keyalg", "EC", "-groupname",
				"secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
				"-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password), Duration.ofMinutes(1));
		return new SelfSignedKeyStore(file, password);
	}

	/** The sample's arguments that serve TLS with this key store. */
	List<String> serverArguments() {
		return List.of("--server.ssl.key-store=" + this.file, "--server.ssl.key-store-type=PKCS12",
				"--server.ssl.key-store-password=" + this.password, "--server.ssl.key-alias=sample");
	}

	/** A client's TLS context that trusts this certificate only. */
	SSLContext trustingContext() throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.file)) {
			store.load(in, this.password.toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
