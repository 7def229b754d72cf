package io.kiln.inventory.internal;

import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Network;
import io.kiln.api.net.Ipv4Range;
import java.util.ArrayList;
import java.util.List;

/**
 * What the DHCP server needs of the sites' networks, checked on every write so a bad range is refused where it is
 * typed, not skipped later by the server: each range lies inside its subnet (network and broadcast addresses
 * excluded) with FIRST &lt;= LAST, the gateway is on the subnet, and no two ranges of any sites overlap (one address,
 * two leases).
 */
final class SiteRules {
    private SiteRules() {
    }

    private record Range(String site, String text, Ipv4Range range) {
    }

    static List<String> problems(List<Site> sites) {
        List<String> p = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        for (Site s : sites) {
            for (SiteNetwork n : s.networks()) {
                String at = "site '" + s.name() + "' network " + n.subnet() + ": ";
                Ipv4Network net = n.network();
                if (Ipv4Network.hasHostBits(n.subnet())) {
                    p.add(at + "host bits are set: the network is " + net + " (write that)");
                    continue;
                }
                if (net.prefix() < 8 || net.prefix() > 30) {
                    p.add(at + "the prefix length must be 8..30");
                    continue;
                }
                if (n.gateway() != null && !net.contains(Ipv4Address.parse(n.gateway()))) {
                    p.add(at + "gateway " + n.gateway() + " is not on the subnet");
                }
                for (String pool : n.pools()) {
                    Ipv4Range range = Ipv4Range.parse(pool);
                    if (!range.isInsideHostsOf(net)) {
                        p.add(at + "pool " + pool + " must lie inside the subnet, without its network and broadcast addresses");
                    } else if (range.isEmpty()) {
                        p.add(at + "pool " + pool + ": FIRST must not be above LAST");
                    } else {
                        for (Range o : ranges) {
                            if (range.overlaps(o.range())) {
                                p.add(at + "pool " + pool + " overlaps pool " + o.text() + " of site '" + o.site() + "'");
                            }
                        }
                        ranges.add(new Range(s.name(), pool, range));
                    }
                }
            }
        }
        return p;
    }
}
