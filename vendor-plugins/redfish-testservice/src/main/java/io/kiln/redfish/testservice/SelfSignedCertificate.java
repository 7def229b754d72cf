package io.kiln.redfish.testservice;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed certificate for the bound address (and localhost) made by the JDK's keytool, and the TLS context serving it. */
final class SelfSignedCertificate {

    private static final char[] PASS = "redfish-testservice".toCharArray();

    final SSLContext context;
    final X509Certificate certificate;

    private SelfSignedCertificate(SSLContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    static SelfSignedCertificate generate(InetAddress address) throws IOException {
        Path dir = Files.createTempDirectory("redfish-testservice-tls");
        Path store = dir.resolve("bmc.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            String ip = address.getHostAddress();
            String san = "SAN=ip:" + ip + (ip.equals("127.0.0.1") ? "" : ",ip:127.0.0.1") + ",dns:localhost";
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "bmc",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + ip.replace(":", "_") + ", OU=Kiln Redfish test service", "-ext", san,
                    "-validity", "30", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(PASS), "-keypass", new String(PASS))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool could not generate the TLS certificate: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASS);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASS);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return new SelfSignedCertificate(ctx, (X509Certificate) ks.getCertificate("bmc"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the TLS certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the generated TLS certificate", e);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    String pem() {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
