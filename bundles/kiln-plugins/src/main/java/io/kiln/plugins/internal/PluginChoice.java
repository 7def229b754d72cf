package io.kiln.plugins.internal;

import io.kiln.api.hardware.InterfaceChoice;

/**
 * The plugin chosen for one interface of one host, with the explanation shown to operators.
 *
 * @param explained what kiln:plugin-explain shows
 * @param plugin    the plugin, or null when none serves the interface
 */
record PluginChoice(InterfaceChoice explained, DeployedPlugin plugin) {
}
