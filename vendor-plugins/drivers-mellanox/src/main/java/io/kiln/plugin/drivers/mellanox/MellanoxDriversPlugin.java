package io.kiln.plugin.drivers.mellanox;

import io.kiln.plugin.drivers.common.DriverTable;
import io.kiln.plugin.drivers.common.Selections;
import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.DriverSelectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Drivers for NVIDIA networking (Mellanox, PCI vendor 15b3) from {@code drivers.tsv}: every device mlx5_core claims
 * in Debian's kernel (ConnectX-4 to -8, BlueField) gets mlx5_core and mlx5_ib, the RDMA user space and mstflint.
 */
@Component(service = VendorPlugin.class, property = "kiln.claims=NVIDIA/Mellanox ConnectX and BlueField (driver selection)")
public final class MellanoxDriversPlugin implements VendorPlugin, DriverSelectionInterface {
    static final String VENDOR = "15b3";

    private final DriverTable table;

    public MellanoxDriversPlugin() {
        this(DriverTable.load(MellanoxDriversPlugin.class, "drivers.tsv"));
    }

    MellanoxDriversPlugin(DriverTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "drivers-mellanox";
    }

    @Override
    public Set<String> pciVendors() {
        return Set.of(VENDOR);
    }

    @Override
    public DriverSelection select(List<PciDevice> devices, TargetOs os) {
        return Selections.select(table, devices, os);
    }
}
