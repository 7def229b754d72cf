package io.kiln.spi.vendor;

import org.osgi.annotation.versioning.ConsumerType;

/** Power on, off, graceful off, cycle, and the current state. */
@ConsumerType
public interface PowerInterface extends HardwareInterface {

    PowerState powerState(BmcTarget target) throws PluginException;

    /** Returns once the BMC accepted the request; the state may follow later ({@link #powerState}). */
    void power(BmcTarget target, PowerAction action) throws PluginException;
}
