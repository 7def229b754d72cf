package io.kiln.api.hardware;

/**
 * One PCI device of a host and what driver selection made of it.
 *
 * @param slot     where it sits, or null when the fact does not say
 * @param vendorId 4 hex digits
 * @param deviceId 4 hex digits
 * @param name     what it is (from the plugin's table), or null
 * @param plugin   the plugin that selected for it, or null when no deployed plugin serves its vendor
 * @param rule     the rule that matched ({@code none} when the plugin knows no rule for it; null when no plugin)
 * @param why      what the rule selects, or why nothing was selected (a failing plugin's one-line error)
 * @param source   where the rule comes from (documents, Debian packages), or null
 */
public record DeviceDriver(String slot, String vendorId, String deviceId, String name, String plugin, String rule, String why,
                           String source) {
}
