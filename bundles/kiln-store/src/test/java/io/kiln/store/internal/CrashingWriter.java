package io.kiln.store.internal;

import java.nio.file.Path;

/** Run in a child JVM by {@link H2DocumentStoreTest}: writes one document, then dies without closing anything. */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) {
        JdbcDocumentStore store = new JdbcDocumentStore(StoreSettings.of("", "", "", 2, Path.of(args[0])));
        store.put("host", "edge-1", 0, "{\"survived\":true}", java.util.Map.of("mac", java.util.Set.of("52:54:00:00:00:01")));
        System.out.println("written");
        System.out.flush();
        Runtime.getRuntime().halt(0); // like kill -9 or a crash: no shutdown hooks, no close
    }
}
