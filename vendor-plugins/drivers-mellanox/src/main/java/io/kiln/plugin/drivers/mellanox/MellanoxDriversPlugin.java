package io.kiln.plugin.drivers.mellanox;

import io.kiln.plugin.drivers.common.DriverTable;
import io.kiln.plugin.drivers.common.TableDriversPlugin;
import io.kiln.spi.vendor.VendorPlugin;
import org.osgi.service.component.annotations.Component;

/**
 * Drivers for NVIDIA networking (Mellanox, PCI vendor 15b3) from {@code drivers.tsv}: every device mlx5_core claims
 * in Debian's kernel (ConnectX-4 to -8, BlueField) gets mlx5_core and mlx5_ib, the RDMA user space and mstflint.
 */
@Component(service = VendorPlugin.class, property = "kiln.claims=NVIDIA/Mellanox ConnectX and BlueField (driver selection)")
public final class MellanoxDriversPlugin extends TableDriversPlugin {
    static final String VENDOR = "15b3";

    public MellanoxDriversPlugin() {
        super("drivers-mellanox", VENDOR, DriverTable.load(MellanoxDriversPlugin.class, "drivers.tsv"));
    }
}
