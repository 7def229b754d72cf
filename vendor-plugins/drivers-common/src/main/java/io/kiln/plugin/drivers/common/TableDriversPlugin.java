package io.kiln.plugin.drivers.common;

import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.DriverSelectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.List;
import java.util.Set;

/**
 * A driver plugin whose rules are all in its {@code drivers.tsv}: it serves one PCI vendor and selects from the table
 * alone ({@link Selections}). A plugin that decides more than the table says (NVIDIA's branches) implements the
 * interfaces itself.
 */
public abstract class TableDriversPlugin implements VendorPlugin, DriverSelectionInterface {
    private final String name;
    private final String vendor;
    private final DriverTable table;

    protected TableDriversPlugin(String name, String vendor, DriverTable table) {
        this.name = name;
        this.vendor = vendor;
        this.table = table;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> pciVendors() {
        return Set.of(vendor);
    }

    @Override
    public final DriverSelection select(List<PciDevice> devices, TargetOs os) {
        return Selections.select(table, devices, os);
    }
}
