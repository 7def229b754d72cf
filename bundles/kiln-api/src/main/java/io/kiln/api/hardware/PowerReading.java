package io.kiln.api.hardware;

/**
 * A host's power as its BMC reported it.
 *
 * @param host   the inventory host
 * @param plugin the plugin that asked the BMC
 * @param state  ON, OFF, POWERING_ON, POWERING_OFF or UNKNOWN
 */
public record PowerReading(String host, String plugin, String state) {
}
