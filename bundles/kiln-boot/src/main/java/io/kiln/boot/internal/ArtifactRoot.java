package io.kiln.boot.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory served over HTTP, and the one place that decides whether a requested path may be read from it.
 *
 * <p>Refused (Denied): NUL bytes, backslashes, {@code ..} segments, absolute paths, names that normalise to outside
 * the directory, and symlinks whose real path leaves it (checked with {@link Path#toRealPath}, so links that stay
 * inside are fine). Missing files, directories and anything not a regular file are NotFound.
 */
final class ArtifactRoot {

    /** The outcome of resolving one request path. */
    sealed interface Resolution permits Found, NotFound, Denied {
    }

    /** @param file real path of a regular file; size and mtime as read once, so headers and body agree */
    record Found(Path file, long size, long lastModifiedMillis) implements Resolution {
    }

    /** @param reason why, for debug logs */
    record NotFound(String reason) implements Resolution {
    }

    /** @param reason why, for the warning log line */
    record Denied(String reason) implements Resolution {
    }

    private final Path dir;

    /** @param dir the directory; it need not exist yet */
    ArtifactRoot(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    /** @param path the decoded path below the directory, as the servlet's path info ("/os/linux") */
    Resolution resolve(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) return new NotFound("no file name");
        if (path.indexOf('\0') >= 0) return new Denied("NUL byte in path");
        if (path.indexOf('\\') >= 0) return new Denied("backslash in path");
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (rel.startsWith("/")) return new Denied("absolute path");
        for (String segment : rel.split("/")) {
            if (segment.equals("..")) return new Denied("'..' in path");
        }
        Path candidate;
        try {
            candidate = dir.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            return new Denied("invalid path: " + e.getReason());
        }
        if (!candidate.startsWith(dir) || candidate.equals(dir)) return new Denied("outside " + dir);
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(dir.toRealPath())) return new Denied("symlink leads outside " + dir);
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            if (!a.isRegularFile()) return new NotFound(a.isDirectory() ? "a directory" : "not a regular file");
            return new Found(real, a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return new NotFound("no such file");
        } catch (AccessDeniedException e) {
            return new Denied("permission denied");
        } catch (IOException e) {
            return new NotFound(e.toString());
        }
    }
}
