package io.kiln.gitops.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Test helpers: the sample inventory, file edits, annotation-typed configs. */
final class Fixtures {
    private Fixtures() {
    }

    /** examples/inventory of the repository. */
    static Path sample() {
        Path p = Path.of("../../examples/inventory").toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("hosts"))) throw new IllegalStateException("sample inventory not found at " + p);
        return p;
    }

    /** A copy of the sample inventory under dir. */
    static Path copySample(Path dir) {
        Path src = sample();
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.toList()) {
                Path to = dir.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text in a file (which must contain it). */
    static void edit(Path file, String from, String to) {
        String s = read(file);
        if (!s.contains(from)) throw new IllegalArgumentException(file + " has no '" + from + "'");
        write(file, s.replace(from, to));
    }
}
