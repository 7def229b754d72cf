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
     * @param clusters the clusters this one is checked against (a host in one cluster at most, no shared VIP): those
     *                 stored before it, so a clash is reported at the cluster being written
     */
    static List<String> problems(Cluster c, Map<String, Host> hosts, Site site, List<Cluster> clusters) {
        List<String> p = new ArrayList<>();
        String at = "cluster '" + c.name() + "': ";
        if (site == null) p.add(at + "site '" + c.site() + "' does not exist");
        if (c.members().isEmpty()) p.add(at + "has no members");
        Set<String> seen = new HashSet<>();
        List<ClusterMember> members = new ArrayList<>(); // each host once, as first listed
        for (ClusterMember m : c.members()) {
            if (!seen.add(m.host())) {
                p.add(at + "host '" + m.host() + "' is listed twice");
                continue;
            }
            members.add(m);
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
        if (net == null) {
            p.add(at + "machineNetwork '" + c.machineNetwork() + "' is not IPv4 CIDR");
        } else if (Ipv4Network.hasHostBits(c.machineNetwork())) {
            p.add(at + "machineNetwork " + c.machineNetwork() + " has host bits set: the network is " + net + " (write that)");
        } else {
            machineNetwork(c, net, members, hosts, site, at, p);
        }
        for (String[] vip : new String[][] {{"apiVip", c.apiVip()}, {"ingressVip", c.ingressVip()}}) {
            Ipv4Address ip = Ipv4Address.tryParse(vip[1]).orElse(null);
            if (ip == null) {
                p.add(at + vip[0] + " '" + vip[1] + "' is not an IPv4 address");
                continue;
            }
            if (net != null && !net.contains(ip)) p.add(at + vip[0] + " " + vip[1] + " is outside the machine network " + c.machineNetwork());
            for (Cluster other : clusters) {
                if (other.name().equals(c.name())) continue;
                if (vip[1].equals(other.apiVip()) || vip[1].equals(other.ingressVip())) {
                    p.add(at + vip[0] + " " + vip[1] + " is already a VIP of cluster '" + other.name() + "'");
                }
            }
            boolean single = members.size() == 1;
            for (Host h : hosts.values()) {
                // a single node's VIPs are its own address (checked below); nobody else's
                if (vip[1].equals(h.ipv4()) && !(single && members.get(0).host().equals(h.name()))) {
                    p.add(at + vip[0] + " " + vip[1] + " is the reserved address of host '" + h.name() + "'");
                }
            }
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
        if (members.size() == 1) {
            ClusterMember only = members.get(0);
            Host h = hosts.get(only.host());
            String addr = h == null ? null : h.ipv4();
            if (only.role() != ClusterRole.CONTROL_PLANE) p.add(at + "a single-node cluster's member must be control-plane, not worker");
            if (addr == null) {
                p.add(at + "a single-node cluster's host needs a fixed address (its VIPs are that address)");
            } else if (!addr.equals(c.apiVip()) || !addr.equals(c.ingressVip())) {
                p.add(at + "single-node: apiVip and ingressVip must be the host's address " + addr);
            }
        } else if (members.size() > 1) {
            long cp = members.stream().filter(m -> m.role() == ClusterRole.CONTROL_PLANE).count();
            if (cp < 3) p.add(at + "a multi-node cluster needs at least 3 control-plane members, it has " + cp);
            if (c.apiVip() != null && c.apiVip().equals(c.ingressVip())) p.add(at + "apiVip and ingressVip must differ (" + c.apiVip() + ")");
        }
        return p;
    }

    /** The machine network is one of the site's networks and holds the members' addresses. */
    private static void machineNetwork(Cluster c, Ipv4Network net, List<ClusterMember> members, Map<String, Host> hosts, Site site,
                                       String at, List<String> p) {
        if (site != null && !site.networks().isEmpty() && site.networks().stream().noneMatch(n -> n.network().equals(net))) {
            p.add(at + "machineNetwork " + c.machineNetwork() + " is not a network of site '" + site.name() + "' ("
                    + String.join(", ", site.networks().stream().map(SiteNetwork::subnet).toList()) + ")");
        }
        List<String> addresses = new ArrayList<>();
        for (ClusterMember m : members) {
            Host h = hosts.get(m.host());
            if (h != null && h.ipv4() != null) addresses.add(h.ipv4());
        }
        if (!addresses.isEmpty() && addresses.stream().noneMatch(a -> net.contains(Ipv4Address.parse(a)))) {
            p.add(at + "machineNetwork " + c.machineNetwork() + " holds none of its members' addresses (" + String.join(", ", addresses) + ")");
        }
    }
}
