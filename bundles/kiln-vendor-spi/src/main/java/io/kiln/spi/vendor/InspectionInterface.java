package io.kiln.spi.vendor;

import org.osgi.annotation.versioning.ConsumerType;

/** Facts about the server, from its BMC. */
@ConsumerType
public interface InspectionInterface extends HardwareInterface {

    HardwareFacts inspect(BmcTarget target) throws PluginException;
}
