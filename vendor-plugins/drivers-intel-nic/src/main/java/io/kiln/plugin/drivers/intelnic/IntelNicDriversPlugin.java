package io.kiln.plugin.drivers.intelnic;

import io.kiln.plugin.drivers.common.DriverTable;
import io.kiln.plugin.drivers.common.TableDriversPlugin;
import io.kiln.spi.vendor.VendorPlugin;
import org.osgi.service.component.annotations.Component;

/**
 * Drivers for Intel Ethernet (PCI vendor 8086) from {@code drivers.tsv}: every device that ice (E810), i40e
 * (X710, XL710, XXV710, X722), ixgbe (82599, X520, X540, X550) or igc (I225, I226) claims in Debian's kernel gets
 * that module, and the firmware files the module loads (ice's DDP package) with the package that ships them.
 */
@Component(service = VendorPlugin.class, property = "kiln.claims=Intel E810, X710/XL710/XXV710/X722, 82599/X520/X540/X550, I225/I226 (driver selection)")
public final class IntelNicDriversPlugin extends TableDriversPlugin {
    static final String VENDOR = "8086";

    public IntelNicDriversPlugin() {
        super("drivers-intel-nic", VENDOR, DriverTable.load(IntelNicDriversPlugin.class, "drivers.tsv"));
    }
}
