package io.kiln.plugins.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code etc/io.kiln.plugins.cfg} says, checked key by key: a bad value is reported in one line (file, key, value,
 * what is allowed) and that key keeps its last good value, so one typo never changes how the others behave.
 *
 * @param preference        plugin names, most preferred first, for BMCs several plugins claim
 * @param callTimeout       how long one call into a plugin may take
 * @param maxCallsPerPlugin calls running at once in one plugin: a plugin that hangs holds at most this many threads
 */
record PluginSettings(List<String> preference, Duration callTimeout, int maxCallsPerPlugin) {
    static final String FILE = "etc/io.kiln.plugins.cfg";
    static final PluginSettings DEFAULTS = new PluginSettings(List.of(), Duration.ofSeconds(30), 4);
    static final String NAME_RULE = "[a-z0-9][a-z0-9._-]*";
    private static final Set<String> KEYS = Set.of("preference", "callTimeoutSeconds", "maxCallsPerPlugin");

    PluginSettings {
        preference = List.copyOf(preference);
    }

    /** The settings and, one line each, what was refused. */
    record Parsed(PluginSettings settings, List<String> complaints) {
    }

    /** Claim, validate and the like are cheap by contract: they get less time than a BMC call. */
    Duration cheapCallTimeout() {
        return callTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? callTimeout : Duration.ofSeconds(5);
    }

    /**
     * @param props    Config Admin's properties (values as strings or numbers), or null when there is no file
     * @param lastGood what each refused key keeps
     */
    static Parsed parse(Map<String, ?> props, PluginSettings lastGood) {
        List<String> complaints = new ArrayList<>();
        if (props == null) return new Parsed(lastGood, complaints);
        List<String> preference = lastGood.preference();
        Object p = props.get("preference");
        if (p != null) {
            String text = p instanceof String[] a ? String.join(",", a) : String.valueOf(p);
            List<String> names = Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            List<String> bad = names.stream().filter(n -> !n.matches(NAME_RULE)).toList();
            if (!bad.isEmpty()) {
                complaints.add(FILE + ": preference = '" + text + "' is not allowed (" + String.join(", ", bad)
                        + " is not a plugin name; use plugin names, comma-separated, in lower case: letters, digits, . _ -); keeping '"
                        + String.join(", ", lastGood.preference()) + "'");
            } else if (names.stream().distinct().count() != names.size()) {
                complaints.add(FILE + ": preference = '" + text + "' is not allowed (a plugin is listed twice); keeping '"
                        + String.join(", ", lastGood.preference()) + "'");
            } else {
                preference = names;
            }
        }
        int timeout = whole(props, "callTimeoutSeconds", (int) lastGood.callTimeout().toSeconds(), 1, 600, "a whole number of seconds", complaints);
        int calls = whole(props, "maxCallsPerPlugin", lastGood.maxCallsPerPlugin(), 1, 64, "a whole number of calls", complaints);
        for (String key : props.keySet()) {
            // keys with a dot are the framework's, Config Admin's and SCR's (service.pid, osgi.ds.*, felix.fileinstall.*)
            if (!KEYS.contains(key) && !key.contains(".")) {
                complaints.add(FILE + ": unknown key '" + key + "' is ignored (known: preference, callTimeoutSeconds, maxCallsPerPlugin)");
            }
        }
        return new Parsed(new PluginSettings(preference, Duration.ofSeconds(timeout), calls), complaints);
    }

    private static int whole(Map<String, ?> props, String key, int last, int min, int max, String what, List<String> complaints) {
        Object v = props.get(key);
        if (v == null) return last;
        try {
            int n = Integer.parseInt(String.valueOf(v).trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range number is
        }
        complaints.add(FILE + ": " + key + " = '" + v + "' is not allowed (" + what + " from " + min + " to " + max + "); keeping " + last);
        return last;
    }
}
