package io.kiln.inventory.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The embedded store for this slice: one JSON document, replaced atomically (write temp, fsync, rename) so a
 * crash mid-write leaves either the old or the new inventory, never half of one.
 */
final class InventoryFile {

    /** What is on disk. */
    record Content(int version, List<Host> hosts, List<BootProfile> profiles) {
        Content {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
        }
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    InventoryFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Reads the inventory; a missing file is an empty inventory, an unreadable one is an error (never silently emptied). */
    Content load() {
        if (!Files.exists(file)) return new Content(1, List.of(), List.of());
        try {
            return json.readValue(file.toFile(), Content.class);
        } catch (IOException | RuntimeException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE,
                    "cannot read inventory " + file + ": " + e.getMessage() + " (the file was left untouched; fix or move it away)", e);
        }
    }

    void save(Content content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = json.writeValueAsBytes(content);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot write inventory " + file + ": " + e.getMessage()
                    + " (nothing was changed)", e);
        }
    }
}
