package io.kiln.workflow.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host's root-device hints (Metal3's rootDeviceHints) from its variables {@code root.<hint>}: name, serial, wwn,
 * model, vendor, byPath, minSizeGiB, maxSizeGiB, rotational. Numbers and booleans are sent as JSON numbers and
 * booleans; an unreadable one is refused here, before anything is written.
 */
final class RootDeviceHints {
    static final String PREFIX = "root.";

    private RootDeviceHints() {
    }

    /** @throws IllegalArgumentException naming the variable that is not a number / boolean, or an unknown hint */
    static Map<String, Object> of(Map<String, String> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : vars.entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) continue;
            String hint = e.getKey().substring(PREFIX.length());
            String v = e.getValue().trim();
            switch (hint) {
                case "name", "serial", "wwn", "model", "vendor", "byPath" -> out.put(hint, v);
                case "minSizeGiB", "maxSizeGiB" -> {
                    try {
                        out.put(hint, Long.parseLong(v));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("variable " + e.getKey() + " = '" + v + "' is not a whole number of GiB");
                    }
                }
                case "rotational" -> {
                    if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("variable " + e.getKey() + " must be true or false");
                    out.put(hint, Boolean.parseBoolean(v));
                }
                default -> throw new IllegalArgumentException("variable " + e.getKey() + ": unknown root-device hint '" + hint
                        + "' (name, serial, wwn, model, vendor, byPath, minSizeGiB, maxSizeGiB, rotational)");
            }
        }
        return out;
    }
}
