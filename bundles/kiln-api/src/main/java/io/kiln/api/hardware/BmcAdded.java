package io.kiln.api.hardware;

import io.kiln.api.inventory.Host;

/**
 * A host registered from its BMC.
 *
 * @param host   the host as stored, with the hardware facts written to its status
 * @param plugin the plugin that inspected it
 * @param why    why that plugin (as kiln:plugin-explain says it)
 */
public record BmcAdded(Host host, String plugin, String why) {
}
