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
 * @param vars          host variables, e.g. the plugin's per-host settings it needs to reach the BMC at all (a pinned TLS
 *                      certificate: {@code redfish.tlsSha256}); null for none
 */
public record BmcRegistration(String address, String credentialRef, String plugin, String name, String profile, String site, String role,
                              java.util.Map<String, String> vars) {
    public BmcRegistration {
        vars = vars == null ? java.util.Map.of() : java.util.Map.copyOf(vars);
    }

    /** Without host variables. */
    public BmcRegistration(String address, String credentialRef, String plugin, String name, String profile, String site, String role) {
        this(address, credentialRef, plugin, name, profile, site, role, null);
    }
}
