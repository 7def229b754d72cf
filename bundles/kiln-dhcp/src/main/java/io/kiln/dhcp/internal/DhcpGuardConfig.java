package io.kiln.dhcp.internal;

import io.kiln.api.net.Ipv4Address;
import io.kiln.config.ConfigFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The io.kiln.dhcp settings that protect the server against hostile or broken clients and networks.
 *
 * @param macPerSecond    DISCOVERs (and REQUESTs for a new address) one unknown MAC may get answered per second
 * @param sourceOffers    unrequested offers the unknown clients of one interface or relay may take at once; a REQUEST
 *                        for an offer gives its share back
 * @param sourcePerSecond how fast that share refills, in offers per second
 * @param poolWarnPercent a pool this full (offered + bound) raises a warning
 * @param rogueWatch      watch for other DHCP servers' replies (port 68 on each interface, and replies Kiln receives)
 * @param knownServers    other DHCP servers expected on the boot network (not reported as rogue)
 */
record DhcpGuardConfig(int macPerSecond, int sourceOffers, int sourcePerSecond, int poolWarnPercent, boolean rogueWatch,
                       List<Integer> knownServers) {

    DhcpGuardConfig {
        knownServers = List.copyOf(knownServers);
    }

    /** The defaults (what an empty file means). */
    static final DhcpGuardConfig DEFAULTS = new DhcpGuardConfig(4, 1000, 100, 90, true, List.of());

    static DhcpGuardConfig parse(ConfigFile c) {
        List<Integer> known = new ArrayList<>();
        String v = c.string("knownServers", "");
        for (String s : v.split(",")) {
            if (s.isBlank()) continue;
            if (!Ipv4Address.isValid(s.trim())) {
                c.refuse("knownServers", v, "a comma-separated list of IPv4 addresses", null);
                break;
            }
            known.add(Ipv4.parse(s.trim()));
        }
        return new DhcpGuardConfig(c.integer("limit.macPerSecond", DEFAULTS.macPerSecond, 0, 1_000_000),
                c.integer("limit.sourceOffers", DEFAULTS.sourceOffers, 0, 10_000_000),
                c.integer("limit.sourcePerSecond", DEFAULTS.sourcePerSecond, 0, 10_000_000),
                c.integer("poolWarnPercent", DEFAULTS.poolWarnPercent, 1, 100), c.bool("rogueWatch", DEFAULTS.rogueWatch), known);
    }
}
