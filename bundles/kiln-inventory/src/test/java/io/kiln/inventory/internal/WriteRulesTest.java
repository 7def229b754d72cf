package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules checked on every write, with the blame on the entity being written: the clashes and address rules an
 * operator found accepted or misreported, each refused with every reason at once.
 */
class WriteRulesTest {
    @TempDir Path dir;
    JdbcDocumentStore store;
    InventoryServiceImpl inv;

    @BeforeEach
    void open() {
        store = TestStores.h2(dir);
        inv = new InventoryServiceImpl(store, Map.of("legacyFile", dir.resolve("inv.json").toString(), "refreshSeconds", "0"));
        inv.save(new Site("lab", null, null, List.of(new SiteNetwork("10.60.0.0/24", "10.60.0.1", List.of("10.60.0.100-10.60.0.150"), null)),
                null), Inventory.MUST_NOT_EXIST);
        for (int i = 1; i <= 4; i++) host("n" + i, "10.60.0." + (10 + i));
    }

    @AfterEach
    void close() {
        store.close();
    }

    void host(String name, String ip) {
        inv.addHost(Host.builder(name).macs(List.of(String.format("52:54:00:60:01:%02x", name.hashCode() & 0xff))).ipv4(ip).site("lab").build());
    }

    String refused(Runnable write) {
        KilnException e = assertThrows(KilnException.class, write::run);
        return e.getMessage();
    }

    static ClusterMember cp(String h) {
        return new ClusterMember(h, ClusterRole.CONTROL_PLANE);
    }

    Cluster three(String name, String api, String ingress) {
        return new Cluster(name, "lab", List.of(cp("n1"), cp("n2"), cp("n3")), "10.60.0.0/24", api, ingress, null);
    }

    @Test
    void aDuplicateAddressOrMacNamesTheHostThatHasIt() {
        inv.addHost(Host.builder("zzz").macs(List.of("52:54:00:60:00:02")).ipv4("10.60.0.31").site("lab").build());
        String m = refused(() -> inv.addHost(Host.builder("a").macs(List.of("52:54:00:60:00:03")).ipv4("10.60.0.31").site("lab").build()));
        assertTrue(m.contains("IPv4 10.60.0.31 is already reserved for host 'zzz'"), m);
        m = refused(() -> inv.addHost(Host.builder("a").macs(List.of("52:54:00:60:00:02")).build()));
        assertTrue(m.contains("MAC 52:54:00:60:00:02 already belongs to host 'zzz'"), m);
    }

    @Test
    void aHostAddressInAPoolOrOffItsSitesNetworksIsRefused() {
        String m = refused(() -> host("p", "10.60.0.120"));
        assertTrue(m.contains("host 'p': address 10.60.0.120 lies in DHCP pool 10.60.0.100-10.60.0.150 of site 'lab'"), m);
        m = refused(() -> host("q", "10.61.0.5"));
        assertTrue(m.contains("host 'q': address 10.61.0.5 is outside every network of site 'lab' (10.60.0.0/24)"), m);
    }

    @Test
    void clusterVipsClashWithNoOtherVipOrHostAddress() {
        inv.save(three("c1", "10.60.0.50", "10.60.0.51"), Inventory.MUST_NOT_EXIST);
        host("n5", "10.60.0.15");
        host("n6", "10.60.0.16");
        host("n7", "10.60.0.17");
        Cluster c2 = new Cluster("c2", "lab", List.of(cp("n5"), cp("n6"), cp("n7")), "10.60.0.0/24", "10.60.0.51", "10.60.0.14", null);
        String m = refused(() -> inv.save(c2, Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'c2': apiVip 10.60.0.51 is already a VIP of cluster 'c1'"), m);
        assertTrue(m.contains("cluster 'c2': ingressVip 10.60.0.14 is the reserved address of host 'n4'"), m);
        assertFalse(m.contains("cluster 'c1'") && m.contains("cluster 'c1': "), "the stored cluster is not blamed: " + m);
        m = refused(() -> inv.save(new Cluster("c3", "lab", List.of(cp("n5"), cp("n6"), cp("n7")), "10.60.0.0/24", "10.60.0.60",
                "10.60.0.60", null), Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'c3': apiVip and ingressVip must differ (10.60.0.60)"), m);
    }

    @Test
    void aNewClustersMemberClashIsTheNewClustersProblemAndAMemberTwiceCountsOnce() {
        inv.save(three("c1", "10.60.0.50", "10.60.0.51"), Inventory.MUST_NOT_EXIST);
        Cluster c0 = new Cluster("c0", "lab", List.of(cp("n1"), cp("n4"), cp("n4")), "10.60.0.0/24", "10.60.0.52", "10.60.0.53", null);
        String m = refused(() -> inv.save(c0, Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'c0': host 'n1' already belongs to cluster 'c1'"), m);
        assertFalse(m.contains("cluster 'c1': host 'n1' already belongs to cluster 'c0'"), m);
        assertTrue(m.contains("cluster 'c0': host 'n4' is listed twice"), m);
        assertTrue(m.contains("needs at least 3 control-plane members, it has 2"), "n4 twice is one node: " + m);
    }

    @Test
    void machineNetworkMustBeTheSitesAndHoldTheMembers() {
        inv.save(new Site("two", null, null, List.of(new SiteNetwork("10.62.0.0/24", null, null, null),
                new SiteNetwork("10.63.0.0/24", null, null, null)), null), Inventory.MUST_NOT_EXIST);
        for (int i = 1; i <= 3; i++) inv.addHost(Host.builder("t" + i).macs(List.of("52:54:00:62:00:0" + i)).ipv4("10.62.0.1" + i).site("two").build());
        Cluster wrongNet = new Cluster("w", "two", List.of(cp("t1"), cp("t2"), cp("t3")), "10.63.0.0/24", "10.63.0.5", "10.63.0.6", null);
        String m = refused(() -> inv.save(wrongNet, Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'w': machineNetwork 10.63.0.0/24 holds none of its members' addresses (10.62.0.11, 10.62.0.12, 10.62.0.13)"), m);
        Cluster notSites = new Cluster("x", "two", List.of(cp("t1"), cp("t2"), cp("t3")), "10.62.0.0/16", "10.62.0.5", "10.62.0.6", null);
        m = refused(() -> inv.save(notSites, Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'x': machineNetwork 10.62.0.0/16 is not a network of site 'two' (10.62.0.0/24, 10.63.0.0/24)"), m);
    }

    @Test
    void aSingleNodeClustersOnlyMemberIsControlPlane() {
        Cluster sno = new Cluster("sno", "lab", List.of(new ClusterMember("n1", ClusterRole.WORKER)), "10.60.0.0/24", "10.60.0.11",
                "10.60.0.11", null);
        String m = refused(() -> inv.save(sno, Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'sno': a single-node cluster's member must be control-plane, not worker"), m);
    }

    @Test
    void aNetworkWithHostBitsIsRefusedNamingTheNetwork() {
        String m = refused(() -> inv.save(new Site("hb", null, null, List.of(new SiteNetwork("10.50.0.5/24", null, null, null)), null),
                Inventory.MUST_NOT_EXIST));
        assertEquals("site 'hb' network 10.50.0.5/24: host bits are set: the network is 10.50.0.0/24 (write that)", m);
    }

    @Test
    void aClusterMachineNetworkWithHostBitsIsRefusedNamingTheNetwork() {
        Cluster c = new Cluster("hb", "lab", List.of(cp("n1"), cp("n2"), cp("n3")), "10.60.0.5/24", "10.60.0.50", "10.60.0.51", null);
        String m = refused(() -> inv.save(c, Inventory.MUST_NOT_EXIST));
        assertTrue(m.contains("cluster 'hb': machineNetwork 10.60.0.5/24 has host bits set: the network is 10.60.0.0/24 (write that)"), m);
    }

    @Test
    void aNewSiteOverlappingAnOldOneIsTheNewSitesProblem() {
        String m = refused(() -> inv.save(new Site("a-new", null, null, List.of(new SiteNetwork("10.60.0.0/24", null,
                List.of("10.60.0.140-10.60.0.160"), null)), null), Inventory.MUST_NOT_EXIST));
        assertTrue(m.startsWith("site 'a-new' network 10.60.0.0/24: pool 10.60.0.140-10.60.0.160 overlaps pool 10.60.0.100-10.60.0.150 of site 'lab'"), m);
    }
}
