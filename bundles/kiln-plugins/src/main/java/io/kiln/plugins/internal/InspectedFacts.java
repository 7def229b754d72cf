package io.kiln.plugins.internal;

import io.kiln.api.hardware.HardwareKeys;
import io.kiln.api.hardware.PciEntry;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.PciDevice;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What a plugin's inspection says, as a host's hardware facts ({@link HardwareKeys}) and as a host name. */
final class InspectedFacts {
    /** The keys inspection owns: written anew by each inspection (one it does not report is removed). */
    static final List<String> KEYS = List.of(HardwareKeys.MANUFACTURER, HardwareKeys.MODEL, HardwareKeys.MEMORY, HardwareKeys.DISKS, HardwareKeys.PCI);

    private InspectedFacts() {
    }

    /** @throws io.kiln.api.KilnException INVALID for a PCI device Kiln cannot record (the plugin's fault) */
    static Map<String, String> hardware(HardwareFacts f) {
        Map<String, String> out = new TreeMap<>();
        put(out, HardwareKeys.MANUFACTURER, f.manufacturer());
        put(out, HardwareKeys.MODEL, f.model());
        if (f.memoryBytes() >= 0) out.put(HardwareKeys.MEMORY, Long.toString(f.memoryBytes()));
        put(out, HardwareKeys.DISKS, String.join("; ", f.disks().stream().filter(Objects::nonNull).map(String::trim).toList()));
        List<PciEntry> pci = f.pciDevices().stream().filter(Objects::nonNull).map(d -> new PciEntry(d.vendorId(), d.deviceId(), slot(d))).toList();
        put(out, HardwareKeys.PCI, PciEntry.format(pci));
        return out;
    }

    /** The facts of {@code hardware} with those inspection owns replaced by {@code inspected}. */
    static Map<String, String> merge(Map<String, String> hardware, Map<String, String> inspected) {
        Map<String, String> out = new TreeMap<>(hardware);
        KEYS.forEach(out::remove);
        out.putAll(inspected);
        return out;
    }

    /**
     * A host name made from a serial number: lower case, anything but letters, digits, '.', '_' and '-' as '-', no
     * leading or trailing punctuation, at most 63 characters; null when nothing is left.
     */
    static String nameFromSerial(String serial) {
        if (serial == null) return null;
        String n = serial.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        if (n.length() > 63) n = n.substring(0, 63);
        n = n.replaceAll("[^a-z0-9]+$", "");
        return n.isEmpty() ? null : n;
    }

    private static String slot(PciDevice d) {
        // a slot the fact cannot hold (a BMC's own location text) is left out rather than make the fact unreadable
        return PciEntry.isSlot(d.slot() == null ? null : d.slot().trim()) ? d.slot().trim() : null;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null && !value.isBlank()) out.put(key, PluginCalls.oneLine(value.trim()));
    }
}
