package io.kiln.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * What onboarding gave this host: the key, Kiln's certificate for it, Kiln's CA, the bearer token, and where to
 * talk. Written as files in one layout (ca.pem, host.pem, host.key, token, kiln.env) to the agent's state directory
 * and, by the {@code files} action, to the installed system, which reads them back in firstboot mode.
 */
record Credentials(String https, String caSha256, String agentUrl, String token, PrivateKey key,
                   String certificatePem, String caPem) {

    SSLContext sslContext() {
        try {
            return TlsContexts.pinnedWithClientCertificate(caSha256, key, Pem.certificates(certificatePem));
        } catch (GeneralSecurityException e) {
            throw new AgentFailure(ExitCode.INTERNAL, "the client certificate Kiln issued cannot be read: " + e.getMessage(), e);
        }
    }

    String keyPem() {
        return Pem.encode("PRIVATE KEY", key.getEncoded());
    }

    String env() {
        return "KILN_HTTPS=" + https + "\nKILN_CA_SHA256=" + caSha256 + "\nKILN_AGENT_URL=" + agentUrl + "\n";
    }

    /**
     * Writes the five files; host.key and token are always 0600, the others too when {@code allPrivate} (the
     * micro-OS state directory) or 0644 (an installed system's credentials directory).
     */
    void writeTo(Path dir, boolean allPrivate) throws IOException {
        Files.createDirectories(dir);
        String pub = allPrivate ? "rw-------" : "rw-r--r--";
        write(dir.resolve("ca.pem"), caPem, pub);
        write(dir.resolve("host.pem"), certificatePem, pub);
        write(dir.resolve("host.key"), keyPem(), "rw-------");
        write(dir.resolve("token"), token + "\n", "rw-------");
        write(dir.resolve("kiln.env"), env(), pub);
    }

    private static void write(Path file, String content, String mode) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        FileModes.set(file, mode);
    }

    /**
     * After a renewal in firstboot mode: replaces host.key, host.pem and token in {@code dir} (mode 0600 where the
     * file system has modes), each written aside and renamed over the old one, so a file is never half-written;
     * ca.pem and kiln.env do not change.
     */
    void writeRenewedTo(Path dir) throws IOException {
        replace(dir.resolve("host.key"), keyPem());
        replace(dir.resolve("host.pem"), certificatePem);
        replace(dir.resolve("token"), token + "\n");
    }

    private static void replace(Path file, String content) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(aside);
        try {
            Files.createFile(aside, PosixFilePermissions.asFileAttribute(FileModes.of("rw-------"))); // private from the start
        } catch (UnsupportedOperationException e) {
            // no POSIX modes here (vfat): write() says so
        }
        write(aside, content, "rw-------");
        try {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    static Credentials readFrom(Path dir) throws IOException, GeneralSecurityException {
        Map<String, String> env = parseEnv(Files.readString(dir.resolve("kiln.env"), StandardCharsets.UTF_8));
        String caSha = env.get("KILN_CA_SHA256");
        String agentUrl = env.get("KILN_AGENT_URL");
        if (caSha == null || agentUrl == null) {
            throw new IOException(dir.resolve("kiln.env") + " lacks KILN_CA_SHA256 or KILN_AGENT_URL");
        }
        return new Credentials(env.get("KILN_HTTPS"), caSha, agentUrl,
                Files.readString(dir.resolve("token"), StandardCharsets.UTF_8).trim(),
                Pem.privateKey(Files.readString(dir.resolve("host.key"), StandardCharsets.US_ASCII)),
                Files.readString(dir.resolve("host.pem"), StandardCharsets.US_ASCII),
                Files.readString(dir.resolve("ca.pem"), StandardCharsets.US_ASCII));
    }

    /** KEY=value lines (shell style; optional quotes, # comments). */
    static Map<String, String> parseEnv(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.trim();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) continue;
            String v = line.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) v = v.substring(1, v.length() - 1);
            out.put(line.substring(0, eq).trim().replaceFirst("^export\\s+", ""), v);
        }
        return out;
    }

    List<X509Certificate> certificateChain() throws GeneralSecurityException {
        return Pem.certificates(certificatePem);
    }
}
