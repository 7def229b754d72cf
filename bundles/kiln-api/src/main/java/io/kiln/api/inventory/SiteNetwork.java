package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Network;
import io.kiln.api.net.Ipv4Range;
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
        if (subnet == null || Ipv4Network.tryParseNormalised(subnet.trim()).isEmpty()) {
            throw KilnException.invalid("subnet '" + subnet + "' is not IPv4 CIDR (e.g. 10.20.0.0/24)");
        }
        subnet = subnet.trim();
        gateway = Host.blankToNull(gateway);
        if (gateway != null && !Ipv4Address.isValid(gateway)) throw KilnException.invalid("gateway '" + gateway + "' is not an IPv4 address");
        pools = pools == null ? List.of() : List.copyOf(pools);
        for (String p : pools) {
            if (!Ipv4Range.isValid(p)) {
                throw KilnException.invalid("pool '" + p + "' must be FIRST-LAST IPv4 addresses");
            }
        }
        relays = relays == null ? List.of() : List.copyOf(relays);
        for (String r : relays) if (!Ipv4Address.isValid(r)) throw KilnException.invalid("relay '" + r + "' is not an IPv4 address");
    }

    /** The subnet as a network, host bits cleared ("10.20.0.5/24" is 10.20.0.0/24). */
    public Ipv4Network network() {
        return Ipv4Network.parseNormalised(subnet);
    }

    /** The pools as ranges, in order. */
    public List<Ipv4Range> ranges() {
        return pools.stream().map(Ipv4Range::parse).toList();
    }
}
