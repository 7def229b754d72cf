package io.kiln.api.inventory;

import io.kiln.api.KilnException;

/**
 * How to reach a host's baseboard management controller. Never holds the secret itself: {@code credentialRef}
 * names a credential kept elsewhere.
 *
 * @param address       BMC address or URL (e.g. https://10.0.0.10)
 * @param plugin        vendor plugin to use (e.g. "redfish", "idrac"), or null to let plugins claim it
 * @param credentialRef name of the stored credential, or null
 */
public record Bmc(String address, String plugin, String credentialRef) {
    public Bmc {
        if (address == null || address.isBlank()) throw KilnException.invalid("BMC address is missing");
        address = address.trim();
        plugin = Host.blankToNull(plugin);
        credentialRef = Host.blankToNull(credentialRef);
        if (credentialRef != null && credentialRef.contains(":")) {
            throw KilnException.invalid("BMC credentialRef must name a stored credential, not contain one");
        }
    }
}
