package io.kiln.gitops.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A watched directory. Its revision is a SHA-256 over the names and contents of the files apply reads: polling
 * contents rather than a WatchService works the same on every file system (NFS, bind mounts, editors that
 * replace files) and ignores a touch that changes nothing.
 */
final class DirectorySource implements Source {
    private final Path dir;

    DirectorySource(Path dir) {
        this.dir = dir;
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public Snapshot check() throws IOException {
        if (!Files.isDirectory(dir)) throw KilnException.notFound("no such directory: " + dir);
        return new Snapshot(dir, digest(dir));
    }

    static String digest(Path dir) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (EntityKind kind : EntityKind.values()) {
            Path kd = dir.resolve(kind.plural());
            if (!Files.isDirectory(kd)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.list(kd)) {
                files = s.sorted().toList();
            }
            for (Path f : files) {
                String n = f.getFileName().toString();
                md.update((kind.plural() + "/" + n + "\0").getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(f) && !n.startsWith(".") && InventoryReader.stem(n) != null) {
                    md.update(Files.readAllBytes(f));
                    md.update((byte) 0);
                }
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    }
}
