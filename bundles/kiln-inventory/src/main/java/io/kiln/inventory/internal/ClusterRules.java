package io.kiln.inventory.internal;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Network;
import io.kiln.api.net.Ipv4Range;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a cluster must pass before anything is applied. Returns every problem at once (an operator fixing a
 * cluster file wants the whole list, not one error per attempt).
 */
final class ClusterRules {
    private ClusterRules() {
    }

    /**
     * @param hosts    all hosts by name
     * @param site     the cluster's site, or null when it does not exist
     * @param clusters the other clusters (to keep a host in one cluster at most)
     */
    static List<String> problems(Cluster c, Map<String, Host> hosts, Site site, List<Cluster> clusters) {
        List<String> p = new ArrayList<>();
        String at = "cluster '" + c.name() + "': ";
        if (site == null) p.add(at + "site '" + c.site() + "' does not exist");
        if (c.members().isEmpty()) p.add(at + "has no members");
        Set<String> seen = new HashSet<>();
        for (ClusterMember m : c.members()) {
            if (!seen.add(m.host())) p.add(at + "host '" + m.host() + "' is listed twice");
            Host h = hosts.get(m.host());
            if (h == null) {
                p.add(at + "host '" + m.host() + "' does not exist");
                continue;
            }
            if (h.site() != null && !h.site().equals(c.site())) {
                p.add(at + "host '" + m.host() + "' is at site '" + h.site() + "', not '" + c.site() + "'");
            }
            for (Cluster other : clusters) {
                if (other.name().equals(c.name())) continue;
                if (other.members().stream().anyMatch(o -> o.host().equals(m.host()))) {
                    p.add(at + "host '" + m.host() + "' already belongs to cluster '" + other.name() + "'");
                }
            }
        }
        Ipv4Network net = Ipv4Network.tryParseNormalised(c.machineNetwork()).orElse(null);
        if (net == null) p.add(at + "machineNetwork '" + c.machineNetwork() + "' is not IPv4 CIDR");
        for (String[] vip : new String[][] {{"apiVip", c.apiVip()}, {"ingressVip", c.ingressVip()}}) {
            Ipv4Address ip = Ipv4Address.tryParse(vip[1]).orElse(null);
            if (ip == null) {
                p.add(at + vip[0] + " '" + vip[1] + "' is not an IPv4 address");
                continue;
            }
            if (net != null && !net.contains(ip)) p.add(at + vip[0] + " " + vip[1] + " is outside the machine network " + c.machineNetwork());
            if (site != null) {
                for (SiteNetwork n : site.networks()) {
                    for (String pool : n.pools()) {
                        if (Ipv4Range.parse(pool).contains(ip)) {
                            p.add(at + vip[0] + " " + vip[1] + " lies in DHCP pool " + pool + " of site '" + site.name() + "'");
                        }
                    }
                }
            }
        }
        if (c.members().size() == 1) {
            Host h = hosts.get(c.members().get(0).host());
            String addr = h == null ? null : h.ipv4();
            if (addr == null) {
                p.add(at + "a single-node cluster's host needs a fixed address (its VIPs are that address)");
            } else if (!addr.equals(c.apiVip()) || !addr.equals(c.ingressVip())) {
                p.add(at + "single-node: apiVip and ingressVip must be the host's address " + addr);
            }
        } else if (c.members().size() > 1) {
            long cp = c.members().stream().filter(m -> m.role() == ClusterRole.CONTROL_PLANE).count();
            if (cp < 3) p.add(at + "a multi-node cluster needs at least 3 control-plane members, it has " + cp);
            for (ClusterMember m : c.members()) {
                Host h = hosts.get(m.host());
                if (h != null && h.ipv4() != null && (h.ipv4().equals(c.apiVip()) || h.ipv4().equals(c.ingressVip()))) {
                    p.add(at + "a VIP equals the address of member '" + m.host() + "'");
                }
            }
        }
        return p;
    }
}
