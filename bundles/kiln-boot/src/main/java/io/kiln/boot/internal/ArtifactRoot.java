package io.kiln.boot.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A directory served over HTTP, and the one place that decides whether a requested path may be read from it.
 *
 * <p>Refused (Denied): NUL bytes, backslashes, {@code ..} segments, absolute paths, names that normalise to outside
 * the directory, and symlinks whose real path leaves it (checked with {@link Path#toRealPath}, so links that stay
 * inside are fine). Missing files, directories and anything not a regular file are NotFound.
 *
 * <p>The real path of a file found is reused for {@link #RECHECK_NANOS}: that walk costs a readlink per path
 * component (ten for a file three directories down, twice over with the directory's own), most of the system
 * calls of a small file's request. Within that second only its last component is looked at again (not following
 * links: a file replaced by a link, or gone, is checked in full at once); a link changed higher up takes effect
 * within the second, and what is served meanwhile is the file that was inside the directory when checked.
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

    /** How long a checked real path is reused. */
    static final long RECHECK_NANOS = 1_000_000_000L;
    /** Paths remembered at once; past that they are forgotten and checked again as asked. */
    private static final int MAX_CHECKED = 4096;

    private record Checked(Path real, long atNanos) {
    }

    private final Path dir;
    private final LongSupplier nanoClock;
    /** Real paths of files found, by the relative path asked for. */
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();

    /** @param dir the directory; it need not exist yet */
    ArtifactRoot(Path dir) {
        this(dir, System::nanoTime);
    }

    /** For tests: a clock to step past {@link #RECHECK_NANOS}. */
    ArtifactRoot(Path dir, LongSupplier nanoClock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.nanoClock = nanoClock;
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
        long now = nanoClock.getAsLong();
        Checked known = checked.get(rel);
        if (known != null && now - known.atNanos() < RECHECK_NANOS) {
            try {
                BasicFileAttributes a = Files.readAttributes(known.real(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) return new Found(known.real(), a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                // gone: the full check below says what it is now
            }
        }
        checked.remove(rel);
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(dir.toRealPath())) return new Denied("symlink leads outside " + dir);
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            if (!a.isRegularFile()) return new NotFound(a.isDirectory() ? "a directory" : "not a regular file");
            if (checked.size() >= MAX_CHECKED) checked.clear();
            checked.put(rel, new Checked(real, now));
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
