package io.kiln.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's files, read from the bundle under {@code console/} once and kept (they are small and never change
 * while the bundle runs), each with its media type and an ETag from its content.
 */
final class StaticFiles {
    /** One file as served. */
    record File(byte[] bytes, String contentType, String etag) {
    }

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json",
            "application/json");

    private final ClassLoader loader;
    private final String root;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    /** @param root the resource folder, e.g. {@code console} */
    StaticFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /**
     * @param path the path below the console, e.g. {@code /js/app.js}; {@code /} or empty is {@code index.html}
     * @return the file, or empty when there is none or the path is not a plain one (no "..", no hidden files)
     */
    Optional<File> find(String path) {
        String p = path == null || path.isEmpty() || path.equals("/") ? "/index.html" : path;
        if (!p.matches("(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+") || p.contains("..")) return Optional.empty();
        String ext = p.substring(p.lastIndexOf('.') + 1);
        if (!TYPES.containsKey(ext)) return Optional.empty();
        return cache.computeIfAbsent(p, k -> read(k, TYPES.get(ext)));
    }

    private Optional<File> read(String p, String type) {
        try (InputStream in = loader.getResourceAsStream(root + p)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            return Optional.of(new File(bytes, type, "\"" + HexFormat.of().formatHex(java.util.Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 12)) + "\""));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
