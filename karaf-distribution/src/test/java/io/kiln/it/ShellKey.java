package io.kiln.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tests' SSH key for Kiln's shell (port 8101): made once per test run with ssh-keygen, authorised in each
 * appliance's etc/keys.properties, used by {@link KilnAppliance#client} through OpenSSH's client.
 */
final class ShellKey {
    private static Path key;

    private ShellKey() {
    }

    private static synchronized Path key() {
        if (key == null) {
            Path dir = Path.of(System.getProperty("kiln.work", "target/it")).toAbsolutePath().resolve("shell-key");
            Path k = dir.resolve("id_ecdsa");
            try {
                Files.createDirectories(dir);
                Files.deleteIfExists(k);
                Files.deleteIfExists(dir.resolve("id_ecdsa.pub"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Exec.must(30, "ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "kiln-it", "-f", k.toString());
            key = k;
        }
        return key;
    }

    /** The public key's base64 blob, as etc/keys.properties wants it. */
    static String publicKey() {
        try {
            return Files.readString(Path.of(key() + ".pub")).trim().split("\\s+")[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ssh to the shell on 127.0.0.1:8101 as karaf, running {@code command} (lines run in order, stopping at a failure). */
    static List<String> ssh(String command) {
        return List.of("ssh", "-q", "-n", "-i", key().toString(), "-p", "8101", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "karaf@127.0.0.1", command);
    }
}
