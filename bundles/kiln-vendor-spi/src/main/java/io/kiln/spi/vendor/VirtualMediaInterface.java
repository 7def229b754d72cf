package io.kiln.spi.vendor;

import java.net.URI;
import org.osgi.annotation.versioning.ConsumerType;

/** A virtual CD the BMC fetches from a URL. */
@ConsumerType
public interface VirtualMediaInterface extends HardwareInterface {

    void insertMedia(BmcTarget target, URI image) throws PluginException;

    void ejectMedia(BmcTarget target) throws PluginException;
}
