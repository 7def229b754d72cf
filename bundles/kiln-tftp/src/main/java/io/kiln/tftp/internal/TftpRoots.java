package io.kiln.tftp.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps a requested TFTP file name onto a regular file inside an ordered list of root directories, first hit wins,
 * and refuses anything that would leave the roots.
 *
 * <p>Rules, in order:
 * <ul>
 *   <li>NUL bytes and {@code ..} segments are refused outright (no lexical cleverness, nothing legitimate needs them).</li>
 *   <li>An absolute name that lies inside a root is served from that root ("/usr/lib/ipxe/undionly.kpxe").</li>
 *   <li>Otherwise one leading '/' is stripped if the rest then names an existing file in a root: many PXE ROMs and
 *       DHCP configurations send "/undionly.kpxe" meaning "from the TFTP root", as tftp-hpa -s does. If the rest names
 *       nothing, the request is refused as an absolute path outside the roots (access violation, not "not found").</li>
 *   <li>A relative name is looked up in each root in order.</li>
 *   <li>The hit is checked with {@link Path#toRealPath} against the root's real path, so symlinks inside a root may
 *       point anywhere inside it but never out of it (a symlink leaving the first root is refused, not skipped).</li>
 * </ul>
 */
final class TftpRoots {

    /** The outcome of resolving one name. */
    sealed interface Resolution permits Found, NotFound, Denied {
    }

    /** @param file the real path of the regular file to serve */
    record Found(Path file) implements Resolution {
    }

    /** @param reason why, for debug logs */
    record NotFound(String reason) implements Resolution {
    }

    /** @param reason why, for the warning log line */
    record Denied(String reason) implements Resolution {
    }

    private final List<Path> roots;

    /** @param roots directories in priority order; they need not exist (yet) */
    TftpRoots(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    List<Path> roots() {
        return roots;
    }

    Resolution resolve(String name) {
        if (name.isEmpty()) return new NotFound("empty name");
        if (name.indexOf('\0') >= 0) return new Denied("NUL byte in name");
        for (String segment : name.split("/")) {
            if (segment.equals("..")) return new Denied("'..' in name");
        }
        try {
            if (name.startsWith("/")) {
                Path absolute = Path.of(name).normalize();
                for (Path root : roots) {
                    if (absolute.startsWith(root) && !absolute.equals(root)) return lookup(root, absolute);
                }
                String rest = name.substring(1);
                if (rest.isEmpty() || rest.startsWith("/")) return new Denied("absolute path outside the roots");
                Resolution relative = relative(rest);
                return relative instanceof NotFound ? new Denied("absolute path outside the roots") : relative;
            }
            return relative(name);
        } catch (InvalidPathException e) {
            return new Denied("invalid path: " + e.getReason());
        }
    }

    private Resolution relative(String name) {
        for (Path root : roots) {
            Path candidate = root.resolve(name).normalize();
            if (!candidate.startsWith(root) || candidate.equals(root)) return new Denied("outside root " + root);
            if (Files.exists(candidate)) return lookup(root, candidate);
        }
        return new NotFound("in none of the roots");
    }

    private static Resolution lookup(Path root, Path candidate) {
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(root.toRealPath())) return new Denied("symlink leads outside root " + root);
            if (!Files.isRegularFile(real)) return new NotFound("not a regular file");
            return new Found(real);
        } catch (AccessDeniedException e) {
            return new Denied("permission denied");
        } catch (IOException e) {
            return new NotFound(e.toString());
        }
    }
}
