package io.kiln.gitops.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads an inventory directory: one entity per {@code <kind>/<name>.yaml}, every problem collected with its line. */
final class InventoryReader {
    private InventoryReader() {
    }

    /** One entity read from a file. */
    record Entry(EntityKind kind, String name, Object entity, String path, YamlCodec.Parsed parsed) {
        /** {@code path:line} of a field (or of the nearest enclosing one). */
        String at(String field) {
            return path + ":" + parsed.line(field);
        }

        String id() {
            return kind.plural() + "/" + name;
        }
    }

    /**
     * What a directory declares.
     *
     * @param entries    readable entities by kind and name
     * @param unreadable ids ({@code kind/name}, from the file name) of files with errors, so that references to them
     *                   are not reported a second time
     * @param errors     {@code path:line: reason}, in path order
     * @param files      how many entity files were looked at
     */
    record Declared(Map<EntityKind, Map<String, Entry>> entries, Set<String> unreadable, List<String> errors, int files) {
        Entry get(EntityKind kind, String name) {
            return entries.get(kind).get(name);
        }
    }

    static Declared read(Path dir, YamlCodec yaml) {
        if (!Files.isDirectory(dir)) throw KilnException.notFound("no such directory: " + dir);
        if (Stream.of(EntityKind.values()).noneMatch(k -> Files.exists(dir.resolve(k.plural())))) {
            throw KilnException.invalid(dir + " is not an inventory directory: it has none of sites/, roles/, profiles/, hosts/, "
                    + "clusters/, instances/ (refused, so that a wrong path never empties the inventory)");
        }
        Map<EntityKind, Map<String, Entry>> entries = new EnumMap<>(EntityKind.class);
        Set<String> unreadable = new HashSet<>();
        List<String> errors = new ArrayList<>();
        int files = 0;
        for (EntityKind kind : EntityKind.values()) {
            Map<String, Entry> byName = new TreeMap<>();
            entries.put(kind, byName);
            Path kd = dir.resolve(kind.plural());
            if (!Files.exists(kd)) continue;
            if (!Files.isDirectory(kd)) {
                errors.add(kind.plural() + ":1: expected a directory of " + kind.singular() + " files");
                continue;
            }
            List<Path> children;
            try (Stream<Path> s = Files.list(kd)) {
                children = s.sorted().toList();
            } catch (IOException e) {
                throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot list " + kd + ": " + e.getMessage(), e);
            }
            for (Path f : children) {
                String file = f.getFileName().toString();
                String rel = kind.plural() + "/" + file;
                if (file.startsWith(".")) continue;
                if (Files.isDirectory(f)) {
                    errors.add(rel + ":1: subdirectories are not read: put each " + kind.singular() + " file directly in " + kind.plural() + "/");
                    continue;
                }
                String stem = stem(file);
                if (stem == null) continue;
                files++;
                byte[] content;
                try {
                    content = Files.readAllBytes(f);
                } catch (IOException e) {
                    errors.add(rel + ":1: cannot read: " + e.getMessage());
                    unreadable.add(kind.plural() + "/" + stem);
                    continue;
                }
                try {
                    YamlCodec.Parsed p = yaml.read(content, kind.type());
                    String name = kind.nameOf(p.entity());
                    String nameField = kind == EntityKind.INSTANCE ? "host" : "name";
                    if (!name.equals(stem)) {
                        errors.add(rel + ":" + p.line(nameField) + ": " + nameField + " '" + name + "' does not match the file name: call the file "
                                + name + ".yaml, or the " + kind.singular() + " '" + stem + "'");
                        unreadable.add(kind.plural() + "/" + stem);
                        continue;
                    }
                    Entry twin = byName.get(name);
                    if (twin != null) {
                        errors.add(rel + ":1: " + kind.singular() + " '" + name + "' is also declared in " + twin.path());
                        continue;
                    }
                    byName.put(name, new Entry(kind, name, p.entity(), rel, p));
                } catch (YamlCodec.ParseError e) {
                    errors.add(rel + ":" + e.line + ": " + e.getMessage());
                    unreadable.add(kind.plural() + "/" + stem);
                }
            }
        }
        return new Declared(entries, unreadable, errors, files);
    }

    /** The entity name a file declares ({@code edge-01.yaml} -> {@code edge-01}), or null for other files. */
    static String stem(String file) {
        if (file.endsWith(".yaml") && file.length() > 5) return file.substring(0, file.length() - 5);
        if (file.endsWith(".yml") && file.length() > 4) return file.substring(0, file.length() - 4);
        return null;
    }
}
