package io.kiln.shell;

import io.kiln.api.KilnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code --var key=value} and {@code --label key=value} options. */
final class Vars {
    private Vars() {
    }

    /** Variables: names usable as ${name} in templates. */
    static Map<String, String> parse(List<String> kvs) {
        return parse(kvs, "--var", "[A-Za-z_][A-Za-z0-9_.-]*");
    }

    /** Labels: free keys such as "rack" or "kiln.io/zone". */
    static Map<String, String> labels(List<String> kvs) {
        return parse(kvs, "--label", "[A-Za-z0-9][A-Za-z0-9_./-]*");
    }

    /** Template overrides: a served file (e.g. "cloud-init/user-data") to a template name. */
    static Map<String, String> templates(List<String> kvs) {
        return parse(kvs, "--template", "[A-Za-z0-9][A-Za-z0-9_./-]*");
    }

    private static Map<String, String> parse(List<String> kvs, String option, String keyPattern) {
        Map<String, String> m = new LinkedHashMap<>();
        if (kvs == null) return m;
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw KilnException.invalid(option + " needs key=value, got '" + kv + "'");
            String key = kv.substring(0, eq).trim();
            if (!key.matches(keyPattern)) throw KilnException.invalid(option + ": name '" + key + "' is not valid");
            if (m.put(key, kv.substring(eq + 1)) != null) throw KilnException.invalid(option + ": '" + key + "' is given twice");
        }
        return m;
    }

    /** "a=1, b=2" for tables; "-" when empty. */
    static String show(Map<String, String> m) {
        if (m.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
