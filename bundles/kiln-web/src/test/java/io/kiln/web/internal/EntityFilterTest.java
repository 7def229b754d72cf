package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EntityFilterTest {
    static final FakeInventory INV = new FakeInventory();

    static {
        INV.save(host("a", "52:54:00:00:00:0a", "shop-1", "worker", "os", Map.of("rack", "r1", "gpu", "yes")), Inventory.MUST_NOT_EXIST);
        INV.save(host("b", "52:54:00:00:00:0b", "shop-1", "storage", "os", Map.of("rack", "r2")), Inventory.MUST_NOT_EXIST);
        INV.save(host("c", "52:54:00:00:00:0c", "shop-2", "worker", null, Map.of()), Inventory.MUST_NOT_EXIST);
        INV.save(host("d", "52:54:00:00:00:0d", null, null, "os", Map.of("rack", "r1")), Inventory.MUST_NOT_EXIST);
        INV.save(new Cluster("k1", "shop-1", List.of(new ClusterMember("a", null), new ClusterMember("b", null)), null, null, null, null),
                Inventory.MUST_NOT_EXIST);
        INV.save(new Cluster("k2", "shop-2", List.of(new ClusterMember("c", null)), null, null, null, null), Inventory.MUST_NOT_EXIST);
    }

    static Host host(String name, String mac, String site, String role, String profile, Map<String, String> labels) {
        return new Host(name, List.of(mac), null, null, profile, null, null, null, site, role, null, null, labels, null, null, null);
    }

    static String names(EntityKind kind, String query) {
        var p = EntityFilter.of(kind, HttpRequests.query(query), INV);
        return String.join(",", INV.list(kind.type()).stream().map(Versioned::value).filter(p).map(kind::nameOf).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'' | a,b,c,d",
            "offset=1&limit=2 | a,b,c,d",
            "site=shop-1 | a,b",
            "site= | d",
            "role=worker | a,c",
            "site=shop-1&role=worker | a",
            "site=shop-1&site=shop-2 | a,b,c",
            "role=storage&role=worker&site=shop-1 | a,b",
            "profile=os | a,b,d",
            "profile= | c",
            "label=rack=r1 | a,d",
            "label=rack | a,b,d",
            "label=rack=r1&label=gpu=yes | a",
            "label=rack%3Dr2 | b",
            "cluster=k1 | a,b",
            "cluster=nosuch | ''",
            "mac=52-54-00-00-00-0C | c"})
    void filtersHosts(String query, String expected) {
        assertEquals(expected, names(EntityKind.HOST, query));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"site=shop-2 | k2", "host=b | k1", "host=d | ''", "'' | k1,k2"})
    void filtersClusters(String query, String expected) {
        assertEquals(expected, names(EntityKind.CLUSTER, query));
    }

    @Test
    void refusesUnknownParametersNamingTheKnownOnes() {
        KilnException e = assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.HOST, HttpRequests.query("sitee=x"), INV));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("'sitee'") && e.getMessage().contains("site, role, profile"), e.getMessage());
        e = assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.SITE, HttpRequests.query("role=x"), INV));
        assertTrue(e.getMessage().contains("no filters"), e.getMessage());
        assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.HOST, HttpRequests.query("label==x"), INV));
        assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.HOST, HttpRequests.query("mac=nope"), INV));
    }

    @Test
    void stateFiltersRefuseAValueThatIsNoState() {
        KilnException e = assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.INSTANCE, HttpRequests.query("desired=bogus"), INV));
        assertEquals("desired 'bogus' is not one of pending, provisioning, running, error, deleted", e.getMessage());
        assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.INSTANCE, HttpRequests.query("current=x"), INV));
        assertThrows(KilnException.class, () -> EntityFilter.of(EntityKind.PROFILE, HttpRequests.query("install=netboot"), INV));
        EntityFilter.of(EntityKind.INSTANCE, HttpRequests.query("desired=Running&current=pending"), INV);
    }
}
