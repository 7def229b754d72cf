package io.kiln.inventory.internal;

import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
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

    private record Range(String site, String text, int first, int last) {
    }

    static List<String> problems(List<Site> sites) {
        List<String> p = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        for (Site s : sites) {
            for (SiteNetwork n : s.networks()) {
                String at = "site '" + s.name() + "' network " + n.subnet() + ": ";
                int[] net = ClusterRules.cidr(n.subnet());
                if (net == null || net[1] < 8 || net[1] > 30) {
                    p.add(at + "the prefix length must be 8..30");
                    continue;
                }
                int mask = ClusterRules.mask(net[1]), broadcast = net[0] | ~mask;
                if (n.gateway() != null && (ClusterRules.ip(n.gateway()) & mask) != net[0]) {
                    p.add(at + "gateway " + n.gateway() + " is not on the subnet");
                }
                for (String pool : n.pools()) {
                    String[] r = pool.split("-");
                    int first = ClusterRules.ip(r[0].trim()), last = ClusterRules.ip(r[1].trim());
                    if ((first & mask) != net[0] || (last & mask) != net[0] || first == net[0] || last == broadcast) {
                        p.add(at + "pool " + pool + " must lie inside the subnet, without its network and broadcast addresses");
                    } else if (Integer.compareUnsigned(first, last) > 0) {
                        p.add(at + "pool " + pool + ": FIRST must not be above LAST");
                    } else {
                        for (Range o : ranges) {
                            if (Integer.compareUnsigned(first, o.last()) <= 0 && Integer.compareUnsigned(o.first(), last) <= 0) {
                                p.add(at + "pool " + pool + " overlaps pool " + o.text() + " of site '" + o.site() + "'");
                            }
                        }
                        ranges.add(new Range(s.name(), pool, first, last));
                    }
                }
            }
        }
        return p;
    }
}
