package io.kiln.api.hardware;

import io.kiln.api.KilnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One PCI device as a host's hardware facts record it: {@code vvvv:dddd@slot} (vendor and device id, 4 lower-case hex
 * digits each; {@code @slot} left out when the slot is not known), entries separated by a space under key
 * {@value #KEY}, e.g. {@code 15b3:101d@0000:3b:00.0 10de:2330@0000:ca:00.0}. The one place that writes and reads
 * that format.
 *
 * @param vendorId e.g. {@code 15b3}
 * @param deviceId e.g. {@code 101d}
 * @param slot     e.g. {@code 0000:3b:00.0}, or null
 */
public record PciEntry(String vendorId, String deviceId, String slot) {
    /** The hardware facts key. */
    public static final String KEY = "pci";

    public PciEntry {
        vendorId = hex4(vendorId, "vendor id");
        deviceId = hex4(deviceId, "device id");
        slot = slot == null || slot.isBlank() ? null : slot.trim();
        if (slot != null && (slot.contains(" ") || slot.contains("@"))) throw KilnException.invalid("PCI slot '" + slot + "' has a space or '@'");
    }

    /** {@code vvvv:dddd@slot}, or {@code vvvv:dddd} without a slot. */
    @Override
    public String toString() {
        return vendorId + ":" + deviceId + (slot == null ? "" : "@" + slot);
    }

    /** The value of key {@value #KEY} for these devices. */
    public static String format(List<PciEntry> devices) {
        StringBuilder sb = new StringBuilder();
        for (PciEntry d : devices) sb.append(sb.length() == 0 ? "" : " ").append(d);
        return sb.toString();
    }

    /**
     * Reads the value of key {@value #KEY}.
     *
     * @param value null or blank: no devices
     * @throws KilnException INVALID naming the entry that is not {@code vvvv:dddd[@slot]}
     */
    public static List<PciEntry> parse(String value) {
        List<PciEntry> out = new ArrayList<>();
        if (value == null || value.isBlank()) return out;
        for (String e : value.trim().split("\\s+")) {
            int at = e.indexOf('@');
            String ids = at < 0 ? e : e.substring(0, at);
            String[] vd = ids.split(":");
            if (vd.length != 2) throw KilnException.invalid("PCI entry '" + e + "' is not vvvv:dddd@slot");
            out.add(new PciEntry(vd[0], vd[1], at < 0 ? null : e.substring(at + 1)));
        }
        return out;
    }

    private static String hex4(String v, String what) {
        if (v == null || !v.trim().matches("(?i)[0-9a-f]{4}")) throw KilnException.invalid("PCI " + what + " '" + v + "' is not 4 hex digits");
        return v.trim().toLowerCase(Locale.ROOT);
    }
}
