package io.kiln.plugins.internal;

import io.kiln.config.ConfigFile;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@code etc/io.kiln.plugins.cfg} says, checked key by key: a bad value is reported in one line (file, key, value,
 * what is allowed) and that key keeps its last good value, so one typo never changes how the others behave.
 *
 * @param preference        plugin names, most preferred first, for BMCs several plugins claim
 * @param callTimeout       how long one call into a plugin may take
 * @param maxCallsPerPlugin calls running at once in one plugin: a plugin that hangs holds at most this many threads
 * @param firmwarePoll      how often a running firmware update's progress is asked
 * @param firmwareLimit     how long Kiln follows a firmware update before it calls it FAILED
 */
record PluginSettings(List<String> preference, Duration callTimeout, int maxCallsPerPlugin, Duration firmwarePoll, Duration firmwareLimit) {
    static final String FILE = "etc/io.kiln.plugins.cfg";
    static final Duration FIRMWARE_POLL = Duration.ofSeconds(5), FIRMWARE_LIMIT = Duration.ofMinutes(60);
    static final PluginSettings DEFAULTS = new PluginSettings(List.of(), Duration.ofSeconds(30), 4);
    static final String NAME_RULE = "[a-z0-9][a-z0-9._-]*";

    PluginSettings {
        preference = List.copyOf(preference);
    }

    /** With the default firmware update polling. */
    PluginSettings(List<String> preference, Duration callTimeout, int maxCallsPerPlugin) {
        this(preference, callTimeout, maxCallsPerPlugin, FIRMWARE_POLL, FIRMWARE_LIMIT);
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
        if (props == null) return new Parsed(lastGood, List.of());
        // read like every etc/*.cfg of Kiln (kiln-config); a refused key keeps its last good value
        ConfigFile cfg = ConfigFile.of("io.kiln.plugins", props);
        List<String> preference = lastGood.preference();
        String text = cfg.string("preference", null);
        if (text != null) {
            List<String> names = Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            String keeping = "; keeping '" + String.join(", ", lastGood.preference()) + "'";
            if (names.stream().anyMatch(n -> !n.matches(NAME_RULE))) {
                cfg.refuse("preference", text, "a list of plugin names (comma-separated, lower case: letters, digits, . _ -)" + keeping, null);
            } else if (names.stream().distinct().count() != names.size()) {
                cfg.refuse("preference", text, "a list naming each plugin once" + keeping, null);
            } else {
                preference = names;
            }
        }
        int timeout = cfg.integer("callTimeoutSeconds", (int) lastGood.callTimeout().toSeconds(), 1, 600);
        int calls = cfg.integer("maxCallsPerPlugin", lastGood.maxCallsPerPlugin(), 1, 64);
        int poll = cfg.integer("firmwarePollSeconds", (int) lastGood.firmwarePoll().toSeconds(), 1, 600);
        int limit = cfg.integer("firmwareUpdateMinutes", (int) lastGood.firmwareLimit().toMinutes(), 1, 1440);
        cfg.unknownKeys();
        return new Parsed(new PluginSettings(preference, Duration.ofSeconds(timeout), calls, Duration.ofSeconds(poll), Duration.ofMinutes(limit)),
                cfg.problems());
    }
}
