package io.kiln.api.hardware;

/**
 * A server to register from its BMC ({@code kiln:bmc-add}, {@code POST /api/v1/bmcs}): the BMC is inspected and a
 * host is registered with what it reports.
 *
 * @param address       the BMC's address or URL
 * @param credentialRef the stored login to use, or null
 * @param plugin        the plugin to use (it is then named by the host), or null for the one that claims the address
 * @param name          the host's name, or null to derive it from the serial number the BMC reports
 * @param profile       boot profile, or null
 * @param site          site, or null
 * @param role          role, or null
 */
public record BmcRegistration(String address, String credentialRef, String plugin, String name, String profile, String site, String role) {
}
