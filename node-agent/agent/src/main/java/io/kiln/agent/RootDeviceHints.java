package io.kiln.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Metal3's rootDeviceHints (PROTOCOL.md): all given hints must match, and exactly one disk may match. */
final class RootDeviceHints {
    private static final long GIB = 1L << 30;

    private RootDeviceHints() {
    }

    /** A disk choice that cannot be made: the message says why, naming the candidates. */
    static final class NoUniqueDisk extends Exception {
        NoUniqueDisk(String message) {
            super(message);
        }
    }

    static Disk choose(List<Disk> disks, Map<String, Object> hints) throws NoUniqueDisk {
        if (disks.isEmpty()) throw new NoUniqueDisk("no disk found on this machine (sysfs lists no whole disk)");
        if (hints == null || hints.isEmpty()) {
            if (disks.size() == 1) return disks.get(0);
            throw new NoUniqueDisk("no root device hints and " + disks.size() + " disks: " + names(disks)
                    + "; refusing to guess which one to overwrite");
        }
        List<Disk> matching = new ArrayList<>();
        for (Disk d : disks) if (matches(d, hints)) matching.add(d);
        if (matching.size() == 1) return matching.get(0);
        if (matching.isEmpty()) throw new NoUniqueDisk("no disk matches the hints " + hints + "; disks: " + names(disks));
        throw new NoUniqueDisk(matching.size() + " disks match the hints: " + names(matching));
    }

    static boolean matches(Disk d, Map<String, Object> hints) {
        for (Map.Entry<String, Object> h : hints.entrySet()) {
            Object v = h.getValue();
            if (v == null) continue;
            String s = v.toString().trim();
            boolean ok = switch (h.getKey()) {
                case "name" -> s.replaceFirst("^/dev/", "").equals(d.name());
                case "serial" -> s.equalsIgnoreCase(d.serial());
                case "wwn" -> d.wwn() != null && normalizeWwn(s).equals(normalizeWwn(d.wwn()));
                case "model" -> contains(d.model(), s);
                case "vendor" -> contains(d.vendor(), s);
                case "byPath" -> d.byPath() != null && (s.equals(d.byPath()) || d.byPath().endsWith("/" + s));
                case "minSizeGiB" -> d.sizeBytes() >= Long.parseLong(s) * GIB;
                case "maxSizeGiB" -> d.sizeBytes() <= Long.parseLong(s) * GIB;
                case "rotational" -> d.rotational() != null && d.rotational() == Boolean.parseBoolean(s);
                // an unknown hint cannot be honoured: matching nothing is safer than ignoring it
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    /** sysfs says {@code naa.5000c500...}, Metal3 says {@code 0x5000c500...}: compare the hex digits. */
    private static String normalizeWwn(String w) {
        return w.toLowerCase(Locale.ROOT).replaceFirst("^(naa\\.|eui\\.|0x)", "");
    }

    private static boolean contains(String value, String part) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static String names(List<Disk> disks) {
        return disks.stream().map(Disk::describe).collect(Collectors.joining(", "));
    }
}
