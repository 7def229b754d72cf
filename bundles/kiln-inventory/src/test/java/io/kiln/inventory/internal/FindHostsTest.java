package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostPage;
import io.kiln.api.inventory.HostQuery;
import io.kiln.api.inventory.HostSort;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.Site;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Inventory#findHosts}: the inventory's sorted views against the API's plain default (the reference). */
class FindHostsTest {
    @TempDir Path dir;
    JdbcDocumentStore store;
    InventoryServiceImpl inv;

    @BeforeEach
    void open() {
        store = TestStores.h2(dir);
        inv = new InventoryServiceImpl(store, Map.of("legacyFile", dir.resolve("inv.json").toString(), "refreshSeconds", "0"));
        inv.save(new Site("a", null, null, null, null), Inventory.MUST_NOT_EXIST);
        inv.save(new Site("b", null, null, null, null), Inventory.MUST_NOT_EXIST);
        host("h3", "a", "52:54:00:00:00:03", "SN-X3", Map.of("rack", "r1"));
        host("h1", "b", "52:54:00:00:00:01", "SN-Y1", Map.of("rack", "r2"));
        host("h2", null, "52:54:00:00:00:02", "sn-x2", Map.of("rack", "r1"));
        host("h4", "a", "52:54:00:00:0a:04", null, Map.of());
        inv.saveStatus(new HostStatus("h1", OnboardingState.ERROR, null), Inventory.ANY_VERSION);
        inv.saveStatus(new HostStatus("h4", OnboardingState.QUARANTINED, null), Inventory.ANY_VERSION);
    }

    @AfterEach
    void close() {
        store.close();
    }

    void host(String name, String site, String mac, String serial, Map<String, String> labels) {
        inv.addHost(Host.builder(name).macs(List.of(mac)).serial(serial).site(site).labels(labels).build());
    }

    static HostQuery q(List<String> sites, List<OnboardingState> states, List<String> labels, String text, HostSort sort, boolean desc) {
        return new HostQuery(sites, null, null, null, null, states, labels, text, sort, desc, 0, 100);
    }

    List<String> names(HostQuery q) {
        HostPage fast = inv.findHosts(q);
        // the views must answer exactly what a plain scan and sort answers (except for update times)
        Inventory plain = new Inventory() {
            @Override public List<Host> hosts() { return inv.hosts(); }
            @Override public <T> java.util.Optional<io.kiln.api.inventory.Versioned<T>> get(Class<T> t, String n) { return inv.get(t, n); }
            // the rest is not used by findHosts
            @Override public <T> List<io.kiln.api.inventory.Versioned<T>> list(Class<T> t) { throw new UnsupportedOperationException(); }
            @Override public <T> io.kiln.api.inventory.Versioned<T> save(T e, long v) { throw new UnsupportedOperationException(); }
            @Override public void delete(Class<?> t, String n, long v) { throw new UnsupportedOperationException(); }
            @Override public void apply(List<io.kiln.api.inventory.InventoryChange> c) { throw new UnsupportedOperationException(); }
            @Override public List<String> check(List<io.kiln.api.inventory.InventoryChange> c) { throw new UnsupportedOperationException(); }
            @Override public List<io.kiln.api.inventory.ResolvedVariable> variables(String h) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<io.kiln.api.inventory.Instance> ztpInstance(String h) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<io.kiln.api.inventory.HostContext> context(String h) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<io.kiln.api.inventory.HostMatch> identify(String m, String u, String s) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<io.kiln.api.inventory.Versioned<HostStatus>> hostStatus(String h) { throw new UnsupportedOperationException(); }
            @Override public io.kiln.api.inventory.Versioned<HostStatus> saveStatus(HostStatus s, long v) { throw new UnsupportedOperationException(); }
            @Override public io.kiln.api.inventory.Versioned<HostStatus> saveStatusByHand(HostStatus s, long v) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<io.kiln.api.inventory.Versioned<io.kiln.api.inventory.InstanceStatus>> instanceStatus(String h) { throw new UnsupportedOperationException(); }
            @Override public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.InstanceStatus> saveStatus(io.kiln.api.inventory.InstanceStatus s, long v) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<Host> host(String n) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<Host> hostByMac(String m) { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<Host> hostByUuid(String u) { throw new UnsupportedOperationException(); }
            @Override public Host addHost(Host h) { throw new UnsupportedOperationException(); }
            @Override public Host updateHost(Host h) { throw new UnsupportedOperationException(); }
            @Override public Host removeHost(String n) { throw new UnsupportedOperationException(); }
            @Override public List<io.kiln.api.inventory.BootProfile> profiles() { throw new UnsupportedOperationException(); }
            @Override public java.util.Optional<io.kiln.api.inventory.BootProfile> profile(String n) { throw new UnsupportedOperationException(); }
            @Override public io.kiln.api.inventory.BootProfile addProfile(io.kiln.api.inventory.BootProfile p) { throw new UnsupportedOperationException(); }
            @Override public io.kiln.api.inventory.BootProfile updateProfile(io.kiln.api.inventory.BootProfile p) { throw new UnsupportedOperationException(); }
            @Override public io.kiln.api.inventory.BootProfile removeProfile(String n) { throw new UnsupportedOperationException(); }
        };
        if (q.sort() != HostSort.UPDATED) assertEquals(plain.findHosts(q), fast);
        return fast.items().stream().map(Host::name).toList();
    }

    @Test
    void filtersCombine() {
        assertEquals(List.of("h3", "h4"), names(q(List.of("a"), null, null, null, null, false)));
        assertEquals(List.of("h2"), names(q(List.of(""), null, null, null, null, false)));
        assertEquals(List.of("h1", "h2", "h3", "h4"), names(q(List.of("b", "a", ""), null, null, null, null, false)));
        assertEquals(List.of("h1", "h4"), names(q(null, List.of(OnboardingState.ERROR, OnboardingState.QUARANTINED), null, null, null, false)));
        assertEquals(List.of("h2", "h3"), names(q(null, null, List.of("rack=r1"), null, null, false)));
        assertEquals(List.of("h1", "h2", "h3"), names(q(null, null, List.of("rack"), null, null, false)));
        assertEquals(List.of("h3"), names(q(List.of("a"), null, List.of("rack=r1"), null, null, false)));
    }

    @Test
    void textMatchesNameMacAndSerialIgnoringCase() {
        assertEquals(List.of("h2", "h3"), names(q(null, null, null, "SN-X", null, false)));
        assertEquals(List.of("h4"), names(q(null, null, null, "00:0A", null, false)));
        assertEquals(List.of("h1"), names(q(null, null, null, "H1", null, false)));
        assertEquals(List.of(), names(q(null, null, null, "nothing", null, false)));
    }

    @Test
    void sortsWithTiesByName() {
        assertEquals(List.of("h2", "h3", "h4", "h1"), names(q(null, null, null, null, HostSort.STATE, false)));
        assertEquals(List.of("h2", "h3", "h4", "h1"), names(q(null, null, null, null, HostSort.SITE, false)));
        assertEquals(List.of("h1", "h4", "h3", "h2"), names(q(null, null, null, null, HostSort.SITE, true)));
        assertEquals(List.of("h4", "h3", "h2", "h1"), names(q(null, null, null, null, HostSort.NAME, true)));
    }

    @Test
    void updatedOrdersByTheLastWriteOfSpecOrStatus() throws InterruptedException {
        Thread.sleep(5); // distinct instants
        inv.saveStatus(new HostStatus("h2", OnboardingState.ONBOARDING, null), Inventory.ANY_VERSION);
        List<String> order = names(q(null, null, null, null, HostSort.UPDATED, false));
        assertEquals("h2", order.get(3));
        assertEquals("h2", names(q(null, null, null, null, HostSort.UPDATED, true)).get(0));
    }

    @Test
    void viewsCarriedOverAWriteAnswerAsNewOnes() {
        for (HostSort s : HostSort.values()) names(q(null, null, null, null, s, false)); // the views exist
        inv.updateHost(inv.host("h3").orElseThrow().toBuilder().site("b").build());
        host("h0", "a", "52:54:00:00:00:10", "SN-X0", Map.of("rack", "r1"));
        inv.removeHost("h2");
        inv.saveStatus(new HostStatus("h1", OnboardingState.ONBOARDED, null), Inventory.ANY_VERSION);
        for (HostSort s : HostSort.values()) {
            for (boolean desc : new boolean[] {false, true}) {
                List<String> got = names(q(null, null, null, null, s, desc)); // the same as the plain scan
                assertEquals(4, got.size());
            }
        }
        assertEquals(List.of("h0", "h4"), names(q(List.of("a"), null, null, null, HostSort.STATE, false)));
        assertEquals(List.of("h0", "h3"), names(q(null, null, null, "sn-x", null, false)));
        assertEquals("h1", names(q(null, null, null, null, HostSort.UPDATED, true)).get(0), "the last written first");
    }

    @Test
    void pagesCountTheTotal() {
        HostPage p = inv.findHosts(new HostQuery(null, null, null, null, null, null, null, null, null, false, 1, 2));
        assertEquals(4, p.total());
        assertEquals(List.of("h2", "h3"), p.items().stream().map(Host::name).toList());
        HostPage last = inv.findHosts(new HostQuery(null, null, null, null, null, null, null, null, null, false, 3, 2));
        assertEquals(List.of("h4"), last.items().stream().map(Host::name).toList());
        assertNull(inv.findHosts(new HostQuery(null, null, null, null, null, null, null, null, null, false, 9, 2)).items().stream().findFirst().orElse(null));
    }
}
