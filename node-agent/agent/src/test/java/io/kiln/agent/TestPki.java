package io.kiln.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A test CA and a server certificate for 127.0.0.1, made with the openssl command (the JDK cannot build certificates). */
final class TestPki {
    final Path dir;
    final String caPem;
    final String caSha256;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/CN=Test Kiln CA", "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
                "-out", "server.csr", "-subj", "/CN=kiln-test-server");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-out", "server.pem", "-extfile", "server.ext");
        openssl(dir, "pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-certfile", "ca.pem",
                "-out", "server.p12", "-passout", "pass:test", "-name", "server");
        caPem = Files.readString(dir.resolve("ca.pem"));
        caSha256 = Pem.sha256(Pem.certificates(caPem).get(0));
    }

    static TestPki create(Path dir) throws Exception {
        assumeTrue(opensslAvailable(), "the openssl command is needed to make test certificates");
        Files.createDirectories(dir);
        return new TestPki(dir);
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Server side: its key and chain (server, CA); client certificates of this CA are verified. */
    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("server.p12").toFile())) {
            ks.load(in, "test".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.certificates(caPem).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** What Kiln does with an agent's CSR: a client certificate with SAN URI urn:kiln:host:NAME. */
    synchronized String sign(String csrPem, String host) throws Exception {
        Path csr = Files.createTempFile(dir, "agent", ".csr");
        Path ext = Files.createTempFile(dir, "agent", ".ext");
        Path out = Files.createTempFile(dir, "agent", ".pem");
        Files.writeString(csr, csrPem);
        Files.writeString(ext, "subjectAltName=URI:urn:kiln:host:" + host + "\nextendedKeyUsage=clientAuth\n");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
                "-out", out.toString(), "-extfile", ext.toString());
        return Files.readString(out);
    }

    /** An agent identity as onboarding would give it, for tests that skip onboarding. */
    Credentials credentials(String https, String agentUrl, String token) throws Exception {
        KeyPair keys = CsrBuilder.newKeyPair();
        String cert = sign(CsrBuilder.pem(keys, "kiln-agent"), "vm-1");
        return new Credentials(https, caSha256, agentUrl, token, keys.getPrivate(), cert, caPem);
    }

    static String openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    static X509Certificate first(String pem) throws GeneralSecurityException {
        return Pem.certificates(pem).get(0);
    }
}
