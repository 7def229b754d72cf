package io.kiln.plugin.drivers.common;

import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table whose rules say {@code module=}, {@code firmware=} and {@code package.<family>=}: each known device adds its
 * rule's modules, firmware files and the target OS family's packages (each once); an unknown one adds nothing.
 */
public final class Selections {
    private Selections() {
    }

    public static DriverSelection select(DriverTable table, List<PciDevice> devices, TargetOs os) {
        Set<String> packages = new LinkedHashSet<>(), modules = new LinkedHashSet<>(), firmware = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        String family = DriverTable.family(os == null ? null : os.family());
        Set<String> missingFamily = new LinkedHashSet<>();
        for (PciDevice d : devices) {
            String id = d.vendorId() + ":" + d.deviceId();
            String key = id + (d.slot() == null ? "" : "@" + d.slot());
            DriverTable.Device dev = table.devices.get(id);
            if (dev == null) {
                reasons.add(key + " none: no module of this plugin's table claims it (drivers.tsv); nothing selected " + table.cite("modules.alias"));
                continue;
            }
            Map<String, String> rule = table.rules.get(dev.rule());
            List<String> mods = DriverTable.list(rule.get("module"));
            List<String> fw = DriverTable.list(rule.get("firmware"));
            modules.addAll(mods);
            firmware.addAll(fw);
            boolean familyKnown = family != null && table.rules.values().stream().anyMatch(r -> r.containsKey("package." + family));
            List<String> pk = familyKnown ? DriverTable.list(rule.get("package." + family)) : List.of();
            if (!familyKnown && rule.keySet().stream().anyMatch(k -> k.startsWith("package."))) missingFamily.add(dev.rule());
            packages.addAll(pk);
            reasons.add(key + " " + dev.rule() + ": " + dev.name() + ": modules " + String.join(", ", mods)
                    + (fw.isEmpty() ? "" : "; firmware " + String.join(", ", fw)) + (pk.isEmpty() ? "" : "; packages " + String.join(", ", pk))
                    + " " + table.cite(rule.get("source") + ",pci.ids"));
        }
        if (!missingFamily.isEmpty()) {
            reasons.add("packages: none for rules " + String.join(", ", missingFamily) + ": target OS " + (family == null ? "unknown" : "'" + family + "'")
                    + " is not one the table names (debian, ubuntu, rhel)");
        }
        return new DriverSelection(List.copyOf(packages), List.copyOf(modules), List.of(), List.copyOf(firmware), reasons);
    }
}
