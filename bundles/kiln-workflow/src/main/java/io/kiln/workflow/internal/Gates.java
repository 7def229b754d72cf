package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.HardwareKeys;
import io.kiln.api.hardware.PciEntry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gate conditions on a host's discovered hardware and on earlier steps' results, one per line:
 * <pre>
 *   memory &gt;= 64GiB          installed memory (agent fact memory.bytes, or the BMC's memory)
 *   cpus &gt;= 16                 logical CPUs (cpu.count)
 *   disks &gt;= 2                 whole disks the agent found (disk.NAME.sizeBytes), else the BMC's list
 *   pci has 10de:2330          a PCI device with these ids (device * for any of the vendor)
 *   fact bios.version &gt;= 2.1   any fact; numbers and dotted versions compare as numbers, else as text
 *   result image.disk == vda   a detail an earlier step reported (STEP.KEY)
 * </pre>
 * Operators: {@code >= > <= < == !=}, {@code has} (pci), {@code matches} (a glob with * and ?).
 */
final class Gates {
    private static final Pattern GATE = Pattern.compile(
            "\\s*(memory|cpus|disks|pci|fact\\s+\\S+|result\\s+\\S+)\\s+(>=|<=|==|!=|>|<|has|matches)\\s+(.+?)\\s*");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);

    private Gates() {
    }

    /** Why a gate cannot be read, or null. */
    static String syntaxProblem(String gate) {
        try {
            parse(gate);
            return null;
        } catch (KilnException e) {
            return e.getMessage();
        }
    }

    private record Parsed(String subject, String key, String op, String value) {
    }

    private static Parsed parse(String gate) {
        Matcher m = GATE.matcher(gate == null ? "" : gate);
        if (!m.matches()) {
            throw KilnException.invalid("gate '" + gate + "' is not SUBJECT OP VALUE (subjects: memory, cpus, disks, pci, fact KEY, result STEP.KEY;"
                    + " operators: >= > <= < == != has matches)");
        }
        String subject = m.group(1).split("\\s+")[0];
        String key = m.group(1).contains(" ") ? m.group(1).split("\\s+", 2)[1] : null;
        String op = m.group(2), value = m.group(3);
        if (subject.equals("pci") != op.equals("has")) throw KilnException.invalid("gate '" + gate + "': pci takes 'has VENDOR:DEVICE', and only pci takes has");
        if (subject.equals("pci") && !value.toLowerCase(Locale.ROOT).matches("[0-9a-f]{4}:([0-9a-f]{4}|\\*)")) {
            throw KilnException.invalid("gate '" + gate + "': '" + value + "' is not VENDOR:DEVICE (4 hex digits each, device * for any)");
        }
        if ((subject.equals("memory") || subject.equals("cpus") || subject.equals("disks")) && !SIZE.matcher(value).matches()) {
            throw KilnException.invalid("gate '" + gate + "': '" + value + "' is not a number" + (subject.equals("memory") ? " with a unit (64GiB)" : ""));
        }
        if (subject.equals("result") && !key.contains(".")) throw KilnException.invalid("gate '" + gate + "': result takes STEP.KEY");
        return new Parsed(subject, key, op, value);
    }

    /**
     * Checks a gate.
     *
     * @param facts   the host's hardware facts
     * @param results earlier steps' details by step name
     * @return null when it holds, else why not (what was found)
     */
    static String failure(String gate, Map<String, String> facts, Map<String, Map<String, String>> results) {
        Parsed p = parse(gate);
        switch (p.subject()) {
            case "memory" -> {
                String v = facts.getOrDefault("memory.bytes", facts.get(HardwareKeys.MEMORY));
                if (v == null) return gate + ": the host's memory is not known (no memory.bytes or memory fact)";
                BigDecimal have = new BigDecimal(v.trim());
                return compare(have, p.op(), bytes(p.value())) ? null : gate + ": the host has " + human(have);
            }
            case "cpus" -> {
                String v = facts.get("cpu.count");
                if (v == null) return gate + ": the host's CPU count is not known (no cpu.count fact)";
                return compare(new BigDecimal(v.trim()), p.op(), new BigDecimal(p.value())) ? null : gate + ": the host has " + v + " CPUs";
            }
            case "disks" -> {
                int n = diskCount(facts);
                if (n < 0) return gate + ": the host's disks are not known (no disk facts)";
                return compare(BigDecimal.valueOf(n), p.op(), new BigDecimal(p.value())) ? null : gate + ": the host has " + n + " disk(s)";
            }
            case "pci" -> {
                String[] want = p.value().toLowerCase(Locale.ROOT).split(":");
                List<PciEntry> devices = PciEntry.parse(facts.get(PciEntry.KEY));
                for (PciEntry d : devices) {
                    if (d.vendorId().equals(want[0]) && (want[1].equals("*") || d.deviceId().equals(want[1]))) return null;
                }
                return gate + ": no such device among the host's " + devices.size() + " PCI device(s)";
            }
            case "fact" -> {
                return value(gate, facts.get(p.key()), p, "fact " + p.key());
            }
            default -> {
                int dot = p.key().indexOf('.');
                Map<String, String> r = results.getOrDefault(p.key().substring(0, dot), Map.of());
                return value(gate, r.get(p.key().substring(dot + 1)), p, "step " + p.key().substring(0, dot) + " reported " + p.key().substring(dot + 1));
            }
        }
    }

    private static String value(String gate, String have, Parsed p, String what) {
        if (have == null) return gate + ": " + what + " is not known";
        boolean ok = switch (p.op()) {
            case "matches" -> have.matches(glob(p.value()));
            case "==" -> versionCompare(have, p.value()) == 0;
            case "!=" -> versionCompare(have, p.value()) != 0;
            default -> compare(versionCompare(have, p.value()), p.op());
        };
        return ok ? null : gate + ": " + what + " is '" + have + "'";
    }

    /** Dotted numbers compare part by part as numbers (2.10 &gt; 2.9); anything else as text. */
    static int versionCompare(String a, String b) {
        String x = a.trim(), y = b.trim();
        if (x.matches("\\d+(\\.\\d+)*") && y.matches("\\d+(\\.\\d+)*")) {
            String[] p = x.split("\\."), q = y.split("\\.");
            for (int i = 0; i < Math.max(p.length, q.length); i++) {
                BigDecimal u = new BigDecimal(i < p.length ? p[i] : "0"), v = new BigDecimal(i < q.length ? q[i] : "0");
                int c = u.compareTo(v);
                if (c != 0) return c;
            }
            return 0;
        }
        return x.compareTo(y);
    }

    private static boolean compare(BigDecimal have, String op, BigDecimal want) {
        return compare(have.compareTo(want), op);
    }

    private static boolean compare(int c, String op) {
        return switch (op) {
            case ">=" -> c >= 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            case "<" -> c < 0;
            case "==" -> c == 0;
            case "!=" -> c != 0;
            default -> false;
        };
    }

    static BigDecimal bytes(String v) {
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) throw KilnException.invalid("'" + v + "' is not a size");
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long f = switch (unit) {
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> 1L;
        };
        return n.multiply(BigDecimal.valueOf(f));
    }

    private static String human(BigDecimal bytes) {
        return bytes.divide(BigDecimal.valueOf(1L << 30), 2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " GiB";
    }

    private static int diskCount(Map<String, String> facts) {
        int n = 0;
        for (String k : facts.keySet()) if (k.startsWith("disk.") && k.endsWith(".sizeBytes")) n++;
        if (n > 0) return n;
        String bmc = facts.get(HardwareKeys.DISKS);
        if (bmc == null || bmc.isBlank()) return -1;
        return bmc.split(";").length;
    }

    private static String glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') b.append(".*");
            else if (c == '?') b.append('.');
            else b.append(Pattern.quote(String.valueOf(c)));
        }
        return b.toString();
    }
}
