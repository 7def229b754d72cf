package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.ResolvedVariable.Source;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VariableResolverTest {

    @Test
    void hostBeatsClusterBeatsRoleBeatsSiteBeatsGlobalAndSaysWhatItHides() {
        Host h = new Host("edge-1", List.of("52:54:00:00:00:01"), null, null, null, null, null, Map.of("ntp", "host-ntp"),
                "shop-7", "pos", null, null, null, null, null, null);
        Cluster c = new Cluster("c1", "shop-7", List.of(new ClusterMember("edge-1", ClusterRole.CONTROL_PLANE)), "10.0.0.0/24",
                "10.0.0.5", "10.0.0.5", Map.of("ntp", "cluster-ntp", "dns", "cluster-dns"));
        Role r = new Role("pos", null, null, null, null, Map.of("dns", "role-dns", "pkg", "pos-app"));
        Site s = new Site("shop-7", null, Map.of("dns", "site-dns", "ntp", "site-ntp", "tz", "Europe/Paris"), null, null);
        Map<String, ResolvedVariable> v = VariableResolver.resolve(h, c, r, s, Map.of("tz", "UTC", "proxy", "none")).stream()
                .collect(Collectors.toMap(ResolvedVariable::name, x -> x));
        assertEquals("host-ntp", v.get("ntp").value());
        assertEquals(Source.HOST, v.get("ntp").source());
        assertEquals(List.of("cluster c1 = cluster-ntp", "site shop-7 = site-ntp"), v.get("ntp").overrides());
        assertEquals("cluster-dns", v.get("dns").value());
        assertEquals(List.of("role pos = role-dns", "site shop-7 = site-dns"), v.get("dns").overrides());
        assertEquals(Source.ROLE, v.get("pkg").source());
        assertEquals("Europe/Paris", v.get("tz").value());
        assertEquals(Source.SITE, v.get("tz").source());
        assertEquals(Source.GLOBAL, v.get("proxy").source());
        assertEquals(List.of("dns", "ntp", "pkg", "proxy", "tz"), v.keySet().stream().sorted().toList());
    }

    @Test
    void missingLevelsAreSkipped() {
        Host h = Host.of("h", List.of("52:54:00:00:00:01"), null);
        List<ResolvedVariable> v = VariableResolver.resolve(h, null, null, null, Map.of("a", "1"));
        assertEquals(1, v.size());
        assertEquals("global", v.get(0).sourceName());
    }
}
