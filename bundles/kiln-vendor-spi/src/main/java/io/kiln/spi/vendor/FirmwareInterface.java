package io.kiln.spi.vendor;

import java.net.URI;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Firmware inventory and updates. */
@ConsumerType
public interface FirmwareInterface extends HardwareInterface {

    List<FirmwareComponent> firmware(BmcTarget target) throws PluginException;

    /**
     * Starts an update from an image: the BMC pulls it from {@code image} ({@code push} false), or the plugin sends
     * it ({@code push} true). Returns at once with the update's progress.
     */
    UpdateProgress update(BmcTarget target, URI image, boolean push) throws PluginException;

    UpdateProgress progress(BmcTarget target, String taskId) throws PluginException;
}
