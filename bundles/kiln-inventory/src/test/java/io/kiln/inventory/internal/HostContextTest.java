package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.HostContext.BootChoice.Source;
import io.kiln.api.inventory.HostMatch;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.InventoryChange;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Inventory#context} and {@link Inventory#identify}: the facts about a host, answered once. */
class HostContextTest {
    @TempDir Path dir;
    JdbcDocumentStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    InventoryServiceImpl open() {
        store = TestStores.h2(dir);
        return new InventoryServiceImpl(store, Map.of("legacyFile", dir.resolve("inv.json").toString(), "global.tz", "UTC", "refreshSeconds", "0"));
    }

    static Host host(String name, String mac, String profile, String site, String role, ProvisioningMode mode) {
        return new Host(name, List.of(mac), null, null, profile, null, null, Map.of(), site, role, null, null, null, mode, null, null);
    }

    HostContext context(Inventory inv, String host) {
        return inv.context(host).orElseThrow();
    }

    @Test
    void aHostWithOnlyARoleBootsTheRolesProfileThroughItsZtpInstance() {
        InventoryServiceImpl inv = open();
        inv.addProfile(InventoryServiceImplTest.profile("microos"));
        inv.save(new Role("worker", null, "microos", List.of(), null, Map.of()), Inventory.MUST_NOT_EXIST);
        inv.addHost(host("w1", "52:54:00:71:00:01", null, null, "worker", null));
        HostContext c = context(inv, "w1");
        assertEquals("microos", c.osProfile(), "host's own, else its role's");
        assertEquals(new HostContext.BootChoice("microos", Source.INSTANCE), c.boot(), "its ZTP instance carries the role's profile");
        assertEquals(ProvisioningMode.ZTP, c.mode());
        assertEquals("worker", c.role().name());
    }

    @Test
    void aNonZtpHostWithOnlyARoleBootsTheRolesProfileAndThenItsInstancesOnce() {
        InventoryServiceImpl inv = open();
        inv.addProfile(InventoryServiceImplTest.profile("microos"));
        inv.addProfile(InventoryServiceImplTest.profile("other"));
        inv.save(new Role("k8s", null, "microos", List.of(), null, Map.of()), Inventory.MUST_NOT_EXIST);
        inv.addHost(host("lab-9", "52:54:00:71:00:09", null, null, "k8s", ProvisioningMode.NON_ZTP));
        assertEquals(new HostContext.BootChoice("microos", Source.ROLE), context(inv, "lab-9").boot(), "no instance yet: the role's");
        inv.save(new Instance("lab-9", "other", null, null), Inventory.MUST_NOT_EXIST);
        assertEquals(new HostContext.BootChoice("other", Source.INSTANCE), context(inv, "lab-9").boot(), "the operator's go-ahead decides");
    }

    @Test
    void anInstanceWhoseProfileChangesBootsTheNewOne() {
        InventoryServiceImpl inv = open();
        inv.addProfile(InventoryServiceImplTest.profile("old"));
        inv.addProfile(InventoryServiceImplTest.profile("new"));
        inv.addHost(host("h1", "52:54:00:71:00:11", "old", null, null, null));
        assertEquals("old", context(inv, "h1").bootProfile());
        long v = inv.get(Instance.class, "h1").orElseThrow().version();
        inv.save(new Instance("h1", "new", ProvisioningState.RUNNING, null), v);
        assertEquals(new HostContext.BootChoice("new", Source.INSTANCE), context(inv, "h1").boot());
    }

    @Test
    void aZtpHostWhoseProfileChangesKeepsBootingItsInstancesProfile() {
        InventoryServiceImpl inv = open();
        inv.addProfile(InventoryServiceImplTest.profile("old"));
        inv.addProfile(InventoryServiceImplTest.profile("new"));
        inv.addHost(host("h1", "52:54:00:71:00:21", "old", null, null, null));
        long v = inv.get(Host.class, "h1").orElseThrow().version();
        inv.apply(List.of(InventoryChange.put(host("h1", "52:54:00:71:00:21", "new", null, null, null), v)));
        HostContext c = context(inv, "h1");
        assertEquals("new", c.osProfile(), "what a new instance would install");
        assertEquals(new HostContext.BootChoice("old", Source.INSTANCE), c.boot(), "the instance (maybe running) keeps its own");
    }

    @Test
    void withoutInstanceProfileOrRoleNothingBootsAndTheReasonSaysWhy() {
        InventoryServiceImpl inv = open();
        inv.save(new Role("bare", null, null, List.of(), null, Map.of()), Inventory.MUST_NOT_EXIST);
        inv.addHost(host("b1", "52:54:00:71:00:31", null, null, "bare", null));
        HostContext c = context(inv, "b1");
        assertNull(c.bootProfile());
        assertEquals("no boot profile: no instance, none of its own, role 'bare' has none", c.boot().describe(c.host()));
        assertTrue(inv.context("nobody").isEmpty());
    }

    @Test
    void siteClusterMemberRoleModeAndVariablesComeTogether() {
        InventoryServiceImpl inv = open();
        inv.addProfile(InventoryServiceImplTest.profile("os"));
        inv.save(new Site("shop", null, Map.of("ntp", "site-ntp"), List.of(new SiteNetwork("10.9.0.0/24", "10.9.0.1", List.of(), null)),
                ProvisioningMode.NON_ZTP), Inventory.MUST_NOT_EXIST);
        inv.addHost(new Host("n1", List.of("52:54:00:71:00:41"), null, null, "os", "10.9.0.11", null, Map.of(), "shop", null, null, null,
                null, null, null, null));
        inv.save(new Cluster("c1", "shop", List.of(new ClusterMember("n1", ClusterRole.CONTROL_PLANE)), "10.9.0.0/24", "10.9.0.11",
                "10.9.0.11", Map.of("ntp", "cluster-ntp")), Inventory.MUST_NOT_EXIST);
        HostContext c = context(inv, "n1");
        assertEquals("shop", c.site().name());
        assertEquals(ProvisioningMode.NON_ZTP, c.mode(), "the site's mode");
        assertEquals("c1", c.cluster().name());
        assertEquals(ClusterRole.CONTROL_PLANE, c.clusterRole());
        assertNull(c.instance());
        assertEquals(new HostContext.BootChoice("os", Source.HOST), c.boot());
        assertEquals(inv.variables("n1"), c.variables());
        assertEquals("cluster-ntp", c.variables().stream().filter(r -> r.name().equals("ntp")).findFirst().orElseThrow().value());
        assertSame(c, context(inv, "n1"), "built once per inventory state");
    }

    @Test
    void identifyTriesMacThenUuidThenAnUnambiguousSerial() {
        InventoryServiceImpl inv = open();
        inv.addHost(new Host("a", List.of("52:54:00:71:00:51"), "4c4c4544-0000-0000-0000-0000000000a1", "SN-A", null, null, null, Map.of()));
        inv.addHost(new Host("b", List.of("52:54:00:71:00:52"), null, "SN-DUP", null, null, null, Map.of()));
        inv.addHost(new Host("c", List.of("52:54:00:71:00:53"), null, "sn-dup", null, null, null, Map.of()));
        HostMatch byMac = inv.identify("52-54-00-71-00-51", null, null).orElseThrow();
        assertEquals("a", byMac.host().name());
        assertEquals("MAC 52:54:00:71:00:51", byMac.describe());
        assertEquals(HostMatch.Key.UUID, inv.identify("52:54:00:ff:ff:ff", "4C4C4544-0000-0000-0000-0000000000A1", null).orElseThrow().key());
        assertEquals("a", inv.identify(null, null, "sn-a").orElseThrow().host().name(), "serials compare ignoring case");
        assertTrue(inv.identify(null, null, "SN-DUP").isEmpty(), "a serial two hosts share identifies nobody");
        assertTrue(inv.identify("not a mac", null, null).isEmpty());
        assertEquals("b", inv.identify("52:54:00:71:00:52", "4c4c4544-0000-0000-0000-0000000000a1", null).orElseThrow().host().name(),
                "the MAC comes first");
    }
}
