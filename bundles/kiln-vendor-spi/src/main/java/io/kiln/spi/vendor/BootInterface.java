package io.kiln.spi.vendor;

import org.osgi.annotation.versioning.ConsumerType;

/** The boot device, for the next boot or from now on. */
@ConsumerType
public interface BootInterface extends HardwareInterface {

    void setBootDevice(BmcTarget target, BootTarget boot) throws PluginException;
}
