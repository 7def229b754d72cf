package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterRulesTest {
    final Site site = new Site("shop-7", null, null,
            List.of(new SiteNetwork("10.0.0.0/24", "10.0.0.1", List.of("10.0.0.100-10.0.0.199"), null)), null);
    final Map<String, Host> hosts = new HashMap<>();

    ClusterRulesTest() {
        for (int i = 1; i <= 4; i++) host("n" + i, "10.0.0." + (10 + i));
        host("sno", "10.0.0.50");
    }

    void host(String name, String ip) {
        hosts.put(name, new Host(name, List.of(String.format("52:54:00:00:00:%02x", hosts.size() + 1)), null, null, null, ip, null, null,
                "shop-7", null, null, null, null, null, null, null));
    }

    static ClusterMember cp(String h) {
        return new ClusterMember(h, ClusterRole.CONTROL_PLANE);
    }

    @Test
    void aValidThreeNodeAndSingleNodeClusterPass() {
        Cluster three = new Cluster("c3", "shop-7", List.of(cp("n1"), cp("n2"), cp("n3"), new ClusterMember("n4", ClusterRole.WORKER)),
                "10.0.0.0/24", "10.0.0.5", "10.0.0.6", null);
        Cluster sno = new Cluster("sno", "shop-7", List.of(cp("sno")), "10.0.0.0/24", "10.0.0.50", "10.0.0.50", null);
        assertEquals(List.of(), ClusterRules.problems(three, hosts, site, List.of(sno)));
        assertEquals(List.of(), ClusterRules.problems(sno, hosts, site, List.of(three)));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Cluster bad = new Cluster("bad", "shop-7", List.of(cp("n1"), cp("n2"), new ClusterMember("ghost", ClusterRole.WORKER)),
                "10.0.0.0/24", "10.0.0.150", "10.9.0.6", null);
        List<String> p = ClusterRules.problems(bad, hosts, site, List.of());
        assertTrue(p.contains("cluster 'bad': host 'ghost' does not exist"), p.toString());
        assertTrue(p.contains("cluster 'bad': apiVip 10.0.0.150 lies in DHCP pool 10.0.0.100-10.0.0.199 of site 'shop-7'"), p.toString());
        assertTrue(p.contains("cluster 'bad': ingressVip 10.9.0.6 is outside the machine network 10.0.0.0/24"), p.toString());
        assertTrue(p.contains("cluster 'bad': a multi-node cluster needs at least 3 control-plane members, it has 2"), p.toString());
        assertEquals(4, p.size(), p.toString());
    }

    @Test
    void singleNodeVipsMustBeTheHostsAddressAndAHostJoinsOneClusterOnly() {
        Cluster sno = new Cluster("sno", "shop-7", List.of(cp("sno")), "10.0.0.0/24", "10.0.0.7", "10.0.0.50", null);
        Cluster other = new Cluster("other", "shop-7", List.of(cp("sno")), "10.0.0.0/24", "10.0.0.50", "10.0.0.50", null);
        List<String> p = ClusterRules.problems(sno, hosts, site, List.of(other));
        assertTrue(p.contains("cluster 'sno': single-node: apiVip and ingressVip must be the host's address 10.0.0.50"), p.toString());
        assertTrue(p.contains("cluster 'sno': host 'sno' already belongs to cluster 'other'"), p.toString());
        assertTrue(ClusterRules.problems(new Cluster("x", "nowhere", List.of(), "bad", null, null, null), hosts, null, List.of())
                .containsAll(List.of("cluster 'x': site 'nowhere' does not exist", "cluster 'x': has no members",
                        "cluster 'x': machineNetwork 'bad' is not IPv4 CIDR")));
    }
}
