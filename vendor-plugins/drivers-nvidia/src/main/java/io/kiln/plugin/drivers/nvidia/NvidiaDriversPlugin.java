package io.kiln.plugin.drivers.nvidia;

import io.kiln.plugin.drivers.common.DriverTable;
import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.DriverSelectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Drivers for NVIDIA data-center GPUs (PCI vendor 10de) from {@code drivers.tsv}: the driver branch, open kernel
 * modules when every GPU of the host supports them (Turing and newer), the proprietary ones otherwise (Volta), the
 * packages of the target OS family, fabric manager when NVSwitch devices are present, and nouveau kept off.
 */
@Component(service = VendorPlugin.class, property = "kiln.claims=NVIDIA data-center GPUs and NVSwitch (driver selection)")
public final class NvidiaDriversPlugin implements VendorPlugin, DriverSelectionInterface {
    static final String VENDOR = "10de";
    /** The kernel modules of NVIDIA's driver that a compute node loads (both flavours have the same names). */
    static final List<String> MODULES = List.of("nvidia", "nvidia_uvm", "nvidia_modeset");

    private final DriverTable table;

    public NvidiaDriversPlugin() {
        this(DriverTable.load(NvidiaDriversPlugin.class, "drivers.tsv"));
    }

    NvidiaDriversPlugin(DriverTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "drivers-nvidia";
    }

    @Override
    public Set<String> pciVendors() {
        return Set.of(VENDOR);
    }

    @Override
    public DriverSelection select(List<PciDevice> devices, TargetOs os) {
        List<String> reasons = new ArrayList<>();
        Set<String> branches = new LinkedHashSet<>();
        boolean gpus = false, allOpen = true, fabric = false;
        List<String> proprietaryBecause = new ArrayList<>();
        for (PciDevice d : devices) {
            String id = d.vendorId() + ":" + d.deviceId();
            String key = id + (d.slot() == null ? "" : "@" + d.slot());
            DriverTable.Device dev = table.devices.get(id);
            if (dev == null) {
                reasons.add(key + " none: not a data-center GPU or NVSwitch in this plugin's table (drivers.tsv); nothing selected "
                        + table.cite("pci.ids"));
                continue;
            }
            Map<String, String> rule = table.rules.get(dev.rule());
            if ("yes".equals(rule.get("fabricmanager"))) {
                fabric = true;
                reasons.add(key + " " + dev.rule() + ": " + dev.name() + ": NVSwitch, fabric manager of the driver's branch " + table.cite(rule.get("source")));
                continue;
            }
            gpus = true;
            branches.add(rule.get("branch"));
            boolean open = "yes".equals(rule.get("open"));
            if (!open) {
                allOpen = false;
                proprietaryBecause.add(dev.name());
            }
            reasons.add(key + " " + dev.rule() + ": " + dev.name() + ": " + rule.get("arch") + ", branch " + rule.get("branch") + ", "
                    + (open ? "open kernel modules supported" : "proprietary kernel modules only (no open modules before Turing)")
                    + "; in-box " + dev.attrs().getOrDefault("inbox", "none") + " kept off " + table.cite(rule.get("source") + ",modules.alias"));
        }
        if (!gpus && !fabric) return new DriverSelection(List.of(), List.of(), List.of(), List.of(), reasons);
        String branch = branches.isEmpty() ? firstBranch() : branches.stream().sorted().findFirst().get();
        if (branches.size() > 1) reasons.add("branch " + branch + ": the GPUs' rules name branches " + branches + "; the oldest serves all");
        String flavour = allOpen ? "open" : "proprietary";
        if (gpus && !allOpen && devices.size() > proprietaryBecause.size()) {
            reasons.add("flavour proprietary for every GPU: " + String.join(", ", proprietaryBecause) + " cannot run the open kernel modules "
                    + table.cite("nvidia-modules"));
        }
        List<String> packages = new ArrayList<>();
        String family = DriverTable.family(os == null ? null : os.family());
        Map<String, String> row = family == null ? null : table.os.get(family);
        if (row == null) {
            reasons.add("packages: none: target OS " + (family == null ? "unknown" : "'" + family + "'") + " is not one of "
                    + String.join(", ", table.os.keySet()) + " (install branch " + branch + ", " + flavour + " kernel modules"
                    + (fabric ? ", fabric manager" : "") + " by hand)");
        } else {
            for (String p : DriverTable.list(row.get(flavour))) packages.add(p.replace("{branch}", branch));
            if (fabric) for (String p : DriverTable.list(row.get("fabricmanager"))) packages.add(p.replace("{branch}", branch));
            reasons.add("packages for " + family + ": branch " + branch + ", " + flavour + " kernel modules" + (fabric ? ", fabric manager" : "")
                    + " " + table.cite(row.get("source")));
            if (row.get("note") != null) {
                reasons.add("packages for " + family + ": " + row.get("note").replace("{branch}", branch));
            }
        }
        return new DriverSelection(packages, MODULES, table.kernelArgList, List.of(), reasons);
    }

    private String firstBranch() {
        return table.rules.values().stream().map(r -> r.get("branch")).filter(b -> b != null).findFirst().orElse("");
    }
}
