package io.chainwatch.alerts.channel;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made once per test run by the JDK's keytool, so the SMTP servers of
 * the tests present a certificate whose name the client really checks, and the client trusts it through
 * {@code trustCertificate} as a user with a private CA would.
 */
final class TestCertificate {
    static final String PASSWORD = "changeit";
    private static TestCertificate instance;

    final Path keystore;
    final Path pem;
    final SSLContext serverContext;

    private TestCertificate(Path keystore, Path pem, SSLContext serverContext) {
        this.keystore = keystore;
        this.pem = pem;
        this.serverContext = serverContext;
    }

    static synchronized TestCertificate get() {
        if (instance == null) {
            instance = make();
        }
        return instance;
    }

    private static TestCertificate make() {
        try {
            Path dir = Files.createTempDirectory("chainwatch-smtp-cert");
            dir.toFile().deleteOnExit();
            Path keystore = dir.resolve("smtp.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Path pem = dir.resolve("smtp.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ks.getCertificate("smtp").getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            keystore.toFile().deleteOnExit();
            pem.toFile().deleteOnExit();
            return new TestCertificate(keystore, pem, ssl);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
