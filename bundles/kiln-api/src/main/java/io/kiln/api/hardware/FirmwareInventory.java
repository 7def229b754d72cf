package io.kiln.api.hardware;

import java.util.List;

/**
 * A host's firmware as its BMC reports it.
 *
 * @param host       the inventory host
 * @param plugin     the plugin that asked the BMC
 * @param components one entry per piece of firmware
 */
public record FirmwareInventory(String host, String plugin, List<FirmwareItem> components) {
    public FirmwareInventory {
        components = List.copyOf(components);
    }
}
