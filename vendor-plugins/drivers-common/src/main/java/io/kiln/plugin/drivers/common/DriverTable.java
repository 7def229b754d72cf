package io.kiln.plugin.drivers.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A driver plugin's {@code drivers.tsv} (written by {@code vendor-plugins/drivers-data/derive.py}): tab-separated lines
 * {@code source KEY TEXT}, {@code rule NAME KEY=VALUE...}, {@code os FAMILY KEY=VALUE...},
 * {@code kernelargs A,B KEY=VALUE...} and {@code device VVVV:DDDD RULE NAME KEY=VALUE...}; {@code #} starts a comment.
 * Values that are lists are comma-separated.
 */
public final class DriverTable {
    /** A device line: its rule and its name as pci.ids gives it. */
    public record Device(String id, String rule, String name, Map<String, String> attrs) {
    }

    public final Map<String, String> sources = new LinkedHashMap<>();
    public final Map<String, Map<String, String>> rules = new LinkedHashMap<>();
    public final Map<String, Map<String, String>> os = new LinkedHashMap<>();
    public final Map<String, Device> devices = new LinkedHashMap<>();
    public final List<String> header = new ArrayList<>();
    public Map<String, String> kernelArgs = Map.of();
    public List<String> kernelArgList = List.of();

    public static DriverTable load(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the bundle");
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DriverTable parse(List<String> lines) {
        DriverTable t = new DriverTable();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) continue;
            if (line.startsWith("#")) {
                t.header.add(line.substring(1).trim());
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 3) throw new IllegalArgumentException("drivers.tsv line " + n + ": too few fields: " + line);
            switch (f[0]) {
                case "source" -> t.sources.put(f[1], f[2]);
                case "rule" -> t.rules.put(f[1], attrs(f, 2, n));
                case "os" -> t.os.put(f[1], attrs(f, 2, n));
                case "kernelargs" -> {
                    t.kernelArgList = list(f[1]);
                    t.kernelArgs = attrs(f, 2, n);
                }
                case "device" -> t.devices.put(f[1], new Device(f[1], f[2], f.length > 3 ? f[3] : "", attrs(f, 4, n)));
                default -> throw new IllegalArgumentException("drivers.tsv line " + n + ": unknown record '" + f[0] + "'");
            }
        }
        return t;
    }

    private static Map<String, String> attrs(String[] f, int from, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = from; i < f.length; i++) {
            int eq = f[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("drivers.tsv line " + n + ": '" + f[i] + "' is not KEY=VALUE");
            m.put(f[i].substring(0, eq), f[i].substring(eq + 1));
        }
        return m;
    }

    public static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** "[url-or-package; ...]" for the source keys of a rule: what a reason line ends with. */
    public String cite(String keys) {
        List<String> out = new ArrayList<>();
        for (String k : list(keys)) {
            String s = sources.getOrDefault(k, k);
            int cut = s.indexOf(" (");
            out.add(k + ": " + (cut > 0 ? s.substring(0, cut) : s));
        }
        return "[" + String.join("; ", out) + "]";
    }

    /** The OS family a table row is for: rhel clones are rhel. */
    public static String family(String family) {
        if (family == null) return null;
        String f = family.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "rhel", "redhat", "centos", "rocky", "almalinux", "alma", "fedora", "ol", "oracle" -> "rhel";
            default -> f;
        };
    }
}
