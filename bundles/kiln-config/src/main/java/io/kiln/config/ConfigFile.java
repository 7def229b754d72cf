package io.kiln.config;

import io.kiln.api.net.Ipv4Address;
import io.kiln.api.status.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code etc/<pid>.cfg} as its component reads it (the Config Admin properties DS hands the component): each
 * value by type, and never an exception for an operator's mistake. A value that is refused yields the given default
 * and one line in {@link #errors()} ({@code etc/io.kiln.tftp.cfg: port = 'abc' is not a number from 1 to 65535});
 * an unknown key or a missing directory one line in {@link #warnings()}. The component decides what a refused value
 * means for it (run on the default, or not start) and reports {@link #health()} to {@code kiln:status}.
 *
 * <p>Not thread-safe: read it in the component's constructor, then keep the lines.
 */
public final class ConfigFile {
    /** Keys Config Admin, Felix FileInstall, DS and Karaf add to every configuration: never the operator's. */
    private static final Pattern FRAMEWORK_KEY = Pattern.compile("^(service|component|felix|osgi|org\\.osgi|org\\.apache)\\..*|^\\.");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^{}]+)}");

    private final String pid;
    private final Map<String, Object> values = new TreeMap<>();
    private final Set<String> known = new TreeSet<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigFile(String pid, Map<String, ?> properties) {
        this.pid = pid;
        if (properties != null) {
            properties.forEach((k, v) -> {
                if (k != null && !FRAMEWORK_KEY.matcher(k).find()) values.put(k, v);
            });
        }
    }

    /**
     * @param pid        the configuration PID, e.g. {@code io.kiln.tftp} (its file is {@code etc/<pid>.cfg})
     * @param properties the component's properties, as DS passes them (null or empty: all defaults)
     */
    public static ConfigFile of(String pid, Map<String, ?> properties) {
        return new ConfigFile(pid, properties);
    }

    /** {@code etc/<pid>.cfg}, as operators know it. */
    public String file() {
        return "etc/" + pid + ".cfg";
    }

    /** The trimmed text of a key, or {@code def} when the file does not set it. */
    public String string(String key, String def) {
        known.add(key);
        Object v = values.get(key);
        return v == null ? def : String.valueOf(v).trim();
    }

    /** The keys the file sets (not the framework's own), for keys read by pattern, e.g. {@code pool.NAME.subnet}. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A whole number from {@code min} to {@code max}; {@code def} (and an error) otherwise. */
    public int integer(String key, int def, int min, int max) {
        String v = string(key, null);
        if (v == null) return def;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        return refuse(key, v, "a number from " + min + " to " + max, def);
    }

    /** Exactly {@code true} or {@code false} (any case); anything else is refused, never read as false. */
    public boolean bool(String key, boolean def) {
        String v = string(key, null);
        if (v == null) return def;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        return refuse(key, v, "true or false", def);
    }

    /** One of the allowed words (any case; returned as listed); {@code def} (and an error) otherwise. */
    public String oneOf(String key, String def, String... allowed) {
        String v = string(key, null);
        if (v == null) return def;
        for (String a : allowed) if (a.equalsIgnoreCase(v)) return a;
        return refuse(key, v, words(allowed), def);
    }

    /** A strict dotted-quad IPv4 address, or empty when {@code emptyAllowed}; {@code def} (and an error) otherwise. */
    public String ipv4(String key, String def, boolean emptyAllowed) {
        String v = string(key, null);
        if (v == null || (v.isEmpty() && emptyAllowed)) return v == null ? def : v;
        if (Ipv4Address.isValid(v)) return v;
        return refuse(key, v, emptyAllowed ? "an IPv4 address (or empty)" : "an IPv4 address", def);
    }

    /**
     * Directories, comma-separated, with {@code ${property}} expanded from system properties ({@code karaf.data}
     * defaults to {@code data}); blanks skipped, order kept. Each one that does not exist is warned about (see
     * {@link #directory}).
     */
    public List<Path> directories(String key, String def) {
        List<Path> defaults = paths(def);
        List<Path> out = paths(string(key, def));
        for (Path p : out) checkExists(key, p, defaults);
        return out;
    }

    /**
     * One directory, {@code ${property}} expanded; the default's when the value is empty (refused). One that does not
     * exist is warned about, except a default one under Kiln's data directory (empty on a fresh install, created
     * when first used).
     */
    public Path directory(String key, String def) {
        String raw = string(key, def);
        Path fallback = Path.of(expand(def)).toAbsolutePath().normalize();
        Path p = raw.isEmpty() ? refuse(key, raw, "a directory", fallback) : Path.of(expand(raw)).toAbsolutePath().normalize();
        checkExists(key, p, List.of(fallback));
        return p;
    }

    private static List<Path> paths(String commaSeparated) {
        List<Path> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) out.add(Path.of(expand(s.trim())).toAbsolutePath().normalize());
        }
        return List.copyOf(out);
    }

    /** Karaf expands ${karaf.data} in the file already, so "a default one" compares paths, not text. */
    private void checkExists(String key, Path p, List<Path> defaults) {
        Path data = Path.of(System.getProperty("karaf.data", "data")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p) && !(defaults.contains(p) && p.startsWith(data))) {
            warnings.add(file() + ": " + key + ": directory '" + p + "' does not exist");
        }
    }

    /**
     * Records a value the component's own check refused, e.g. {@code refuse("roots", "", "one directory or more", ...)}.
     *
     * @param allowed what is allowed, completing "is not ..."
     * @return {@code fallback}, for {@code return refuse(...)}
     */
    public <T> T refuse(String key, String value, String allowed, T fallback) {
        known.add(key);
        errors.add(file() + ": " + key + " = '" + value + "' is not " + allowed);
        return fallback;
    }

    /** A warning of the component's own, prefixed with the file. */
    public void warn(String what) {
        warnings.add(file() + ": " + what);
    }

    /**
     * Warns about every key the component did not read: call once, after reading all keys.
     *
     * @param patterns regular expressions for keys the component reads by pattern (e.g. {@code pool\..+\.subnet})
     */
    public ConfigFile unknownKeys(String... patterns) {
        for (String k : values.keySet()) {
            if (known.contains(k) || matchesAny(k, patterns)) continue;
            List<String> all = new ArrayList<>(known);
            all.addAll(List.of(patterns));
            warnings.add(file() + ": unknown key '" + k + "' ignored (known: " + String.join(", ", all) + ")");
        }
        return this;
    }

    /** Refused values, one line each; empty when all were accepted. */
    public List<String> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** Unknown keys and missing directories, one line each. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Errors and warnings, one line each. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(errors);
        all.addAll(warnings);
        return all;
    }

    /**
     * Up when the file is clean; otherwise degraded, naming every problem: a refused value is not fatal here, since
     * the component ran on the default; a component that does not run for it reports {@link Health#down} instead.
     */
    public Health health() {
        return problems().isEmpty() ? Health.up() : Health.degraded(String.join("; ", problems()));
    }

    /** Expands {@code ${name}} from system properties; {@code karaf.data} defaults to {@code data}. */
    public static String expand(String value) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = System.getProperty(name, name.equals("karaf.data") ? "data" : m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    private static boolean matchesAny(String key, String... patterns) {
        for (String p : patterns) if (key.matches(p)) return true;
        return false;
    }

    private static String words(String... allowed) {
        List<String> quoted = new ArrayList<>();
        for (String a : allowed) quoted.add("'" + a + "'");
        if (quoted.size() == 1) return quoted.get(0);
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    @Override
    public String toString() {
        return file() + " " + problems();
    }
}
