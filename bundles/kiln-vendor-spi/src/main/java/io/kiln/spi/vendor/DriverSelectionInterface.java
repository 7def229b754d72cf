package io.kiln.spi.vendor;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Drivers for the devices of the vendors this plugin names ({@link VendorPlugin#pciVendors()}). */
@ConsumerType
public interface DriverSelectionInterface extends HardwareInterface {

    /** For the given devices (only those of this plugin's vendors are passed) on the target OS. */
    DriverSelection select(List<PciDevice> devices, TargetOs os) throws PluginException;
}
