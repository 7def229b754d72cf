package io.kiln.api.hardware;

/**
 * A virtual media change the host's BMC accepted.
 *
 * @param host   the inventory host
 * @param plugin the plugin that asked the BMC
 * @param action insert or eject
 * @param image  the image inserted, or null for eject
 */
public record MediaResult(String host, String plugin, String action, String image) {
}
