package io.kiln.pki.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One PKI directory, store and clock, and services over them as Kiln would start them. */
final class Fixture {
    static final List<String> MACHINE = List.of("kiln-test", "localhost", "127.0.0.1");

    final Path dir;
    final MemoryStore store = new MemoryStore();
    final MovableClock clock = new MovableClock();

    Fixture(Path dir) {
        this.dir = dir;
    }

    /** etc/io.kiln.pki.cfg with the directory and the given key/value pairs. */
    Map<String, Object> config(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("directory", dir.toString());
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    PkiService start(String... kv) {
        return new PkiService(store, config(kv), clock, () -> MACHINE);
    }
}
