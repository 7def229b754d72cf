package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.List;

/**
 * A subnet at a site, as the DHCP server uses it.
 *
 * @param subnet  CIDR, e.g. 10.20.0.0/24
 * @param gateway router address, or null
 * @param pools   dynamic ranges "FIRST-LAST"
 * @param relays  relay agent addresses (giaddr) that serve this subnet
 */
public record SiteNetwork(String subnet, String gateway, List<String> pools, List<String> relays) {
    public SiteNetwork {
        if (subnet == null || !subnet.trim().matches("[0-9.]+/[0-9]{1,2}") || !Host.isIpv4(subnet.trim().split("/")[0])) {
            throw KilnException.invalid("subnet '" + subnet + "' is not IPv4 CIDR (e.g. 10.20.0.0/24)");
        }
        subnet = subnet.trim();
        gateway = Host.blankToNull(gateway);
        if (gateway != null && !Host.isIpv4(gateway)) throw KilnException.invalid("gateway '" + gateway + "' is not an IPv4 address");
        pools = pools == null ? List.of() : List.copyOf(pools);
        for (String p : pools) {
            String[] r = p.split("-");
            if (r.length != 2 || !Host.isIpv4(r[0].trim()) || !Host.isIpv4(r[1].trim())) {
                throw KilnException.invalid("pool '" + p + "' must be FIRST-LAST IPv4 addresses");
            }
        }
        relays = relays == null ? List.of() : List.copyOf(relays);
        for (String r : relays) if (!Host.isIpv4(r)) throw KilnException.invalid("relay '" + r + "' is not an IPv4 address");
    }
}
