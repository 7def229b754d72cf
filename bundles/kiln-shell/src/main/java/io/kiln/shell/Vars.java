package io.kiln.shell;

import io.kiln.api.KilnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code --var key=value} options. */
final class Vars {
    private Vars() {
    }

    static Map<String, String> parse(List<String> kvs) {
        Map<String, String> m = new LinkedHashMap<>();
        if (kvs == null) return m;
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw KilnException.invalid("--var needs key=value, got '" + kv + "'");
            String key = kv.substring(0, eq).trim();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) throw KilnException.invalid("variable name '" + key + "' is not valid");
            m.put(key, kv.substring(eq + 1));
        }
        return m;
    }
}
