package io.kiln.api.hardware;

import io.kiln.api.KilnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PCI device as a host's hardware facts name it. The one convention: the hardware fact {@value #KEY} holds
 * space-separated entries {@code vvvv:dddd[@slot]}, vendor and device id as 4 hex digits and the slot as
 * {@code [dddd:]bb:dd.f}, e.g. {@code pci = "10de:2330@0000:3b:00.0 15b3:101d@0000:5e:00.0 8086:1593"}. Written by
 * whatever observes the host (BMC inspection, {@code PUT /api/v1/hosts/{name}/status}, {@code kiln:host-state
 * --hardware}), read through {@link #parse} only.
 *
 * @param vendorId lower-case hex, e.g. {@code 10de}
 * @param deviceId lower-case hex, e.g. {@code 2330}
 * @param slot     e.g. {@code 0000:3b:00.0}, or null when not known
 */
public record PciEntry(String vendorId, String deviceId, String slot) {
    /** The key of {@code Host.hardware()} that lists the host's PCI devices. */
    public static final String KEY = "pci";
    private static final String SLOT = "(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]";
    private static final Pattern ENTRY = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?:@(" + SLOT + "))?");

    /** @throws KilnException INVALID for ids that are not 4 hex digits or a slot that is not {@code [dddd:]bb:dd.f} */
    public PciEntry {
        vendorId = hex4(vendorId, "vendor id");
        deviceId = hex4(deviceId, "device id");
        slot = slot == null || slot.isBlank() ? null : slot.trim().toLowerCase(Locale.ROOT);
        if (slot != null && !isSlot(slot)) throw KilnException.invalid("PCI slot '" + slot + "' is not [dddd:]bb:dd.f (e.g. 0000:3b:00.0)");
    }

    /** Whether {@code s} is a slot as the fact writes it, {@code [dddd:]bb:dd.f}. */
    public static boolean isSlot(String s) {
        return s != null && s.matches(SLOT);
    }

    private static String hex4(String v, String what) {
        if (v == null || !v.trim().matches("[0-9a-fA-F]{4}")) throw KilnException.invalid("PCI " + what + " '" + v + "' is not 4 hex digits");
        return v.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code vvvv:dddd} */
    public String id() {
        return vendorId + ":" + deviceId;
    }

    /** As the fact writes it: {@code vvvv:dddd[@slot]}. */
    @Override
    public String toString() {
        return id() + (slot == null ? "" : "@" + slot);
    }

    /**
     * The entries of a {@value #KEY} fact (null or blank: none).
     *
     * @throws KilnException INVALID naming the first entry that is not {@code vvvv:dddd[@slot]}
     */
    public static List<PciEntry> parse(String fact) {
        List<PciEntry> out = new ArrayList<>();
        if (fact == null) return out;
        for (String e : fact.trim().split("[\\s,]+")) {
            if (e.isEmpty()) continue;
            Matcher m = ENTRY.matcher(e);
            if (!m.matches()) {
                throw KilnException.invalid("hardware fact '" + KEY + "': PCI entry '" + e + "' is not vvvv:dddd[@slot] (e.g. 10de:2330@0000:3b:00.0)");
            }
            out.add(new PciEntry(m.group(1), m.group(2), m.group(3)));
        }
        return out;
    }

    /** The {@value #KEY} fact for these entries. */
    public static String format(List<PciEntry> entries) {
        return String.join(" ", entries.stream().map(PciEntry::toString).toList());
    }
}
