package io.kiln.dhcp.internal;

import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Network;
import io.kiln.api.net.Ipv4Range;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Full-mode pools from the inventory's sites: every range of every site network is one pool named
 * {@code SITE/FIRST-LAST}, with the network's gateway (option 3) and relays, and from the site's variables
 * {@code dns} (option 6), {@code ntp} (option 42: its IPv4 entries; names are for the installed OS),
 * {@code domain} (option 15) and {@code dhcp_lease_seconds} (option 51, default 3600).
 */
final class SitePools {
    static final int DEFAULT_LEASE_SECONDS = 3600;

    private SitePools() {
    }

    /** The sites' pools; a network the DHCP server cannot use is left out and reported to {@code warn}. */
    static List<PoolConfig> of(List<Site> sites, Consumer<String> warn) {
        List<PoolConfig> out = new ArrayList<>();
        for (Site site : sites) {
            List<Integer> dns = addresses(site.variables().get("dns"));
            List<Integer> ntp = addresses(site.variables().get("ntp"));
            String domain = site.variables().get("domain");
            int lease = leaseSeconds(site, warn);
            for (SiteNetwork n : site.networks()) {
                Ipv4Network network = n.network();
                int prefix = network.prefix();
                if (prefix < 8 || prefix > 30) {
                    warn.accept("site '" + site.name() + "' network " + n.subnet() + ": prefix must be 8..30, not served");
                    continue;
                }
                int net = network.address().value();
                List<Integer> relays = n.relays().stream().map(Ipv4::parse).toList();
                for (String range : n.pools()) {
                    Ipv4Range r = Ipv4Range.parse(range);
                    int first = r.first().value(), last = r.last().value();
                    PoolConfig p = new PoolConfig(site.name() + "/" + range.trim(), net, prefix, first, last,
                            n.gateway() == null ? 0 : Ipv4.parse(n.gateway()), dns, domain == null || domain.isBlank() ? null : domain.trim(),
                            lease, ntp, relays);
                    if (!p.validRange()) {
                        warn.accept("site '" + site.name() + "' pool " + range + " is not inside " + n.subnet() + ", not served");
                        continue;
                    }
                    out.add(p);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The IPv4 addresses in a comma- or space-separated variable; host names are skipped. */
    static List<Integer> addresses(String value) {
        List<Integer> out = new ArrayList<>();
        if (value == null) return out;
        for (String s : value.split("[,\\s]+")) Ipv4Address.tryParse(s).ifPresent(a -> out.add(a.value()));
        return out;
    }

    private static int leaseSeconds(Site site, Consumer<String> warn) {
        String v = site.variables().get("dhcp_lease_seconds");
        if (v == null) return DEFAULT_LEASE_SECONDS;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 60 && n <= 365 * 86400) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        warn.accept("site '" + site.name() + "' dhcp_lease_seconds = '" + v + "' is not 60.." + 365 * 86400 + "; using " + DEFAULT_LEASE_SECONDS);
        return DEFAULT_LEASE_SECONDS;
    }
}
