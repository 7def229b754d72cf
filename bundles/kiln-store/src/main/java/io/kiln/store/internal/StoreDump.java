package io.kiln.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row of a store at one revision, tombstones and keys included: what a backup holds, and the local copy the
 * store serves reads from while its database cannot be reached. Written as JSON Lines: a header line, then one line
 * per document and per key, so a large inventory streams and a damaged file says which line is wrong.
 *
 * @param revision  the store's revision the rows are at (the sum of all versions)
 * @param taken     when they were read
 * @param source    which database they were read from (never a password)
 * @param documents every document row; a null body is a tombstone
 * @param keys      every unique key row
 */
record StoreDump(long revision, Instant taken, String source, List<Row> documents, List<KeyRow> keys) {
    static final String FORMAT = "kiln-store-dump/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    StoreDump {
        documents = List.copyOf(documents);
        keys = List.copyOf(keys);
    }

    /** A document row; {@code body} null for a tombstone. */
    record Row(String kind, String name, long version, String body, Instant updated) {
    }

    /** A unique key of a document. */
    record KeyRow(String kind, String key, String value, String name) {
    }

    /** Live documents (not tombstones). */
    long liveDocuments() {
        return documents.stream().filter(d -> d.body() != null).count();
    }

    /** Writes it to {@code out} as JSON Lines. */
    void write(OutputStream out) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        ObjectNode head = JSON.createObjectNode().put("format", FORMAT).put("revision", revision).put("taken", taken.toString())
                .put("source", source).put("documents", documents.size()).put("keys", keys.size());
        line(w, head);
        for (Row r : documents) {
            ObjectNode n = JSON.createObjectNode().put("kind", r.kind()).put("name", r.name()).put("version", r.version())
                    .put("updated", r.updated().toString());
            if (r.body() != null) n.put("body", r.body());
            line(w, n);
        }
        for (KeyRow k : keys) line(w, JSON.createObjectNode().put("kind", k.kind()).put("key", k.key()).put("value", k.value()).put("name", k.name()));
        w.flush();
    }

    private static void line(BufferedWriter w, ObjectNode n) throws IOException {
        w.write(JSON.writeValueAsString(n));
        w.write('\n');
    }

    /** Writes it to {@code file} whole or not at all: a temporary file, synced, then moved over the old one. */
    void writeAtomically(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                write(out);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a dump.
     *
     * @throws KilnException INVALID naming the file and line when it is not a complete dump of this format
     */
    static StoreDump read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        } catch (IOException e) {
            throw KilnException.invalid("cannot read " + file + ": " + e.getMessage());
        }
    }

    static StoreDump read(BufferedReader r, String name) throws IOException {
        String first = r.readLine();
        JsonNode head = first == null ? null : parse(first, name, 1);
        if (head == null || !FORMAT.equals(head.path("format").asText())) {
            throw KilnException.invalid(name + " is not a Kiln store dump (its first line must say \"format\":\"" + FORMAT + "\")");
        }
        long docs = head.path("documents").asLong(-1), nkeys = head.path("keys").asLong(-1);
        List<Row> rows = new ArrayList<>();
        List<KeyRow> keys = new ArrayList<>();
        String line;
        int no = 1;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank()) continue;
            JsonNode n = parse(line, name, no);
            try {
                if (rows.size() < docs) {
                    rows.add(new Row(text(n, "kind"), text(n, "name"), n.path("version").asLong(), n.hasNonNull("body") ? n.get("body").asText() : null,
                            Instant.parse(text(n, "updated"))));
                } else {
                    keys.add(new KeyRow(text(n, "kind"), text(n, "key"), text(n, "value"), text(n, "name")));
                }
            } catch (RuntimeException e) {
                throw KilnException.invalid(name + " line " + no + ": " + e.getMessage());
            }
        }
        if (rows.size() != docs || keys.size() != nkeys) {
            throw KilnException.invalid(name + " is incomplete: its header promises " + docs + " documents and " + nkeys
                    + " keys, it holds " + rows.size() + " and " + keys.size());
        }
        return new StoreDump(head.path("revision").asLong(), Instant.parse(head.path("taken").asText()), head.path("source").asText(), rows, keys);
    }

    private static JsonNode parse(String line, String name, int no) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw KilnException.invalid(name + " line " + no + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("'" + field + "' is missing");
        return v.asText();
    }
}
