package io.kiln.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** POSIX modes, tolerating file systems without them (an ESP is vfat: the mount options decide there). */
final class FileModes {
    private FileModes() {
    }

    /** @param mode {@code rw-r--r--} style */
    static void set(Path file, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            AgentLog.info("the file system of " + file + " has no POSIX modes; left as the mount gives it");
        }
    }

    /** {@code "0644"} or {@code "644"} → {@code rw-r--r--}. */
    static String fromOctal(String octal) {
        if (octal == null || !octal.trim().matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("file mode '" + octal + "' is not octal like 0644");
        }
        String o = octal.trim();
        o = o.substring(o.length() - 3);
        StringBuilder s = new StringBuilder();
        for (char c : o.toCharArray()) {
            int d = c - '0';
            s.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    static Set<PosixFilePermission> of(String mode) {
        return PosixFilePermissions.fromString(mode);
    }
}
