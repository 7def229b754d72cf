package io.kiln.plugins.internal;

import io.kiln.spi.vendor.BootInterface;
import io.kiln.spi.vendor.DriverSelectionInterface;
import io.kiln.spi.vendor.FirmwareInterface;
import io.kiln.spi.vendor.HardwareInterface;
import io.kiln.spi.vendor.InspectionInterface;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.VirtualMediaInterface;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.List;

/** The hardware interfaces of the vendor SPI, by the names operators read. */
enum HardwareKind {
    POWER("power", PowerInterface.class),
    BOOT("boot", BootInterface.class),
    VIRTUAL_MEDIA("virtual-media", VirtualMediaInterface.class),
    FIRMWARE("firmware", FirmwareInterface.class),
    INSPECTION("inspection", InspectionInterface.class),
    DRIVER_SELECTION("driver-selection", DriverSelectionInterface.class);

    /** The ones chosen per host by its BMC (driver selection goes by PCI vendor, not by BMC). */
    static final List<HardwareKind> BMC = List.of(POWER, BOOT, VIRTUAL_MEDIA, FIRMWARE, INSPECTION);

    final String label;
    final Class<? extends HardwareInterface> type;

    HardwareKind(String label, Class<? extends HardwareInterface> type) {
        this.label = label;
        this.type = type;
    }

    boolean implementedBy(VendorPlugin plugin) {
        return type.isInstance(plugin);
    }

    static List<String> labels(VendorPlugin plugin) {
        return java.util.Arrays.stream(values()).filter(k -> k.implementedBy(plugin)).map(k -> k.label).toList();
    }
}
