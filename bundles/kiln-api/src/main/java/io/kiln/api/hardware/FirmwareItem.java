package io.kiln.api.hardware;

/**
 * One piece of a host's firmware as its BMC reports it.
 *
 * @param id         the BMC's id for it
 * @param name       what it is, e.g. "BIOS", "BMC", "NIC 1"
 * @param version    its version
 * @param updateable whether it can be updated through the BMC
 */
public record FirmwareItem(String id, String name, String version, boolean updateable) {
}
