package io.kiln.inventory.internal;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Range;
import java.util.ArrayList;
import java.util.List;

/**
 * A host's reserved address (full-mode DHCP hands it out by MAC) must not be one the server leases to others (inside
 * any site's pool), and must be on its site's networks, where its machine will ask for it.
 */
final class HostAddressRules {
    private HostAddressRules() {
    }

    /**
     * @param site  the host's site, or null
     * @param sites every site (pools are checked across sites: one address, two owners)
     */
    static List<String> problems(Host h, Site site, List<Site> sites) {
        List<String> p = new ArrayList<>();
        Ipv4Address ip = Ipv4Address.parse(h.ipv4());
        String at = "host '" + h.name() + "': address " + h.ipv4();
        for (Site s : sites) {
            for (SiteNetwork n : s.networks()) {
                for (Ipv4Range r : n.ranges()) {
                    if (r.contains(ip)) p.add(at + " lies in DHCP pool " + r + " of site '" + s.name() + "' (reserve it outside the pools)");
                }
            }
        }
        if (site != null && !site.networks().isEmpty() && site.networks().stream().noneMatch(n -> n.network().contains(ip))) {
            p.add(at + " is outside every network of site '" + site.name() + "' ("
                    + String.join(", ", site.networks().stream().map(SiteNetwork::subnet).toList()) + ")");
        }
        return p;
    }
}
