package dev.hotreload.tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.net.ssl.SSLSession;

import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.jsse.JSSEImplementation;

/**
 * What a TLS connection of an endpoint relies on after its handshake: per host, the
 * certificates the server presented (by SHA-256 of their encoding, so a certificate
 * changed in place counts), the certificates it trusts for client authentication and how
 * it checks them (verification, depth, trust manager, revocation list), the protocols and
 * cipher suites it allows. A connection moves between two endpoints only when theirs are
 * equal: it keeps the session it negotiated, and with it the old certificate, so a reload
 * that changes {@code server.ssl.*} sends its clients through a new handshake instead (the
 * {@code close} path).
 *
 * @param hosts one description per host, sorted by host name
 * @param served the SHA-256 digests of the certificates the endpoint presents (each
 * chain's first)
 * @param movable whether the engines of this endpoint can outlive it: JSSE ones can (its
 * {@code SSLContext.destroy()} does nothing); OpenSSL ones cannot, their native context is
 * freed when the endpoint stops
 */
record TlsIdentity(List<String> hosts, Set<String> served, boolean movable) {

	/**
	 * Reads the identity of an endpoint whose TLS configuration is initialized.
	 * @param endpoint a TLS endpoint
	 * @return its identity; one that equals no other if a store cannot be read
	 */
	static TlsIdentity of(AbstractEndpoint<?, ?> endpoint) {
		boolean movable = endpoint.getSslImplementation() instanceof JSSEImplementation;
		List<String> hosts = new ArrayList<>();
		Set<String> served = new HashSet<>();
		try {
			SSLHostConfig[] configs = endpoint.findSslHostConfigs().clone();
			Arrays.sort(configs, Comparator.comparing(SSLHostConfig::getHostName));
			for (SSLHostConfig config : configs) {
				hosts.add(describe(config, served));
			}
			return new TlsIdentity(List.copyOf(hosts), Set.copyOf(served), movable);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			return new TlsIdentity(List.of("unreadable " + UUID.randomUUID() + ": " + ex), Set.of(), false);
		}
	}

	/**
	 * Whether a session was negotiated with a certificate this endpoint presents: a check
	 * on the connection itself, on top of the two endpoints' identities being equal.
	 * @param session a session of the endpoint the connection comes from
	 * @return {@code true} if this endpoint presents the session's certificate
	 */
	boolean presents(SSLSession session) {
		Certificate[] local = session.getLocalCertificates();
		try {
			return local != null && local.length > 0 && this.served.contains(sha256(local[0].getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static String describe(SSLHostConfig config, Set<String> served) throws IOException, GeneralSecurityException {
		List<String> certificates = new ArrayList<>();
		for (SSLHostConfigCertificate certificate : config.getCertificates()) {
			certificates.add(certificate.getType() + " " + certificateChain(certificate, served));
		}
		Collections.sort(certificates);
		return String.join(" | ", config.getHostName(), String.valueOf(config.getCertificateVerification()),
				"depth " + config.getCertificateVerificationDepth(),
				String.join(",", orEmpty(config.getEnabledProtocols())),
				String.join(",", orEmpty(config.getEnabledCiphers())), String.valueOf(certificates),
				"trusts " + trusted(config.getTruststore()), "trust manager " + config.getTrustManagerClassName(),
				"revocation " + config.getRevocationEnabled() + " " + digestOfFile(config.getCertificateRevocationListFile())
						+ " " + config.getCertificateRevocationListPath());
	}

	private static String certificateChain(SSLHostConfigCertificate certificate, Set<String> served)
			throws IOException, GeneralSecurityException {
		KeyStore keyStore = certificate.getCertificateKeystore();
		if (keyStore == null) {
			// PEM files configured on Tomcat directly: no certificate to match sessions
			// against, so none of their connections moves.
			return digestOfFile(certificate.getCertificateFile()) + " " + digestOfFile(certificate.getCertificateChainFile());
		}
		String alias = certificate.getCertificateKeyAlias();
		List<String> chains = new ArrayList<>();
		for (String entry : Collections.list(keyStore.aliases())) {
			if ((alias == null || alias.equalsIgnoreCase(entry)) && keyStore.isKeyEntry(entry)) {
				Certificate[] chain = keyStore.getCertificateChain(entry);
				if (chain != null && chain.length > 0) {
					served.add(sha256(chain[0].getEncoded()));
				}
				chains.add(digests(chain));
			}
		}
		Collections.sort(chains);
		return String.valueOf(chains);
	}

	private static String trusted(KeyStore trustStore) throws GeneralSecurityException {
		if (trustStore == null) {
			return "default";
		}
		List<String> trusted = new ArrayList<>();
		for (String alias : Collections.list(trustStore.aliases())) {
			trusted.add(digests(new Certificate[] { trustStore.getCertificate(alias) }));
		}
		Collections.sort(trusted);
		return String.valueOf(trusted);
	}

	private static String digests(Certificate[] chain) throws GeneralSecurityException {
		if (chain == null) {
			return "[]";
		}
		List<String> digests = new ArrayList<>();
		for (Certificate certificate : chain) {
			digests.add((certificate != null) ? sha256(certificate.getEncoded()) : "none");
		}
		return String.valueOf(digests);
	}

	private static String digestOfFile(String location) throws IOException, GeneralSecurityException {
		if (location == null) {
			return "none";
		}
		Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
		return Files.isReadable(path) ? sha256(Files.readAllBytes(path)) : "unreadable " + UUID.randomUUID();
	}

	private static String sha256(byte[] bytes) throws GeneralSecurityException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static String[] orEmpty(String[] values) {
		return (values != null) ? values : new String[0];
	}

}
