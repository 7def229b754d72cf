package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.InventoryChange;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.inventory.Versioned;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory on the embedded store; {@link PostgresInventoryServiceImplTest} runs the same tests on PostgreSQL. */
class InventoryServiceImplTest {
    @TempDir Path dir;
    final List<JdbcDocumentStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(JdbcDocumentStore::close);
    }

    JdbcDocumentStore store() {
        return TestStores.h2(dir);
    }

    InventoryServiceImpl open() {
        JdbcDocumentStore s = store();
        stores.add(s);
        return new InventoryServiceImpl(s, Map.of("legacyFile", dir.resolve("inv.json").toString(), "global.tz", "UTC", "refreshSeconds", "0"));
    }

    InventoryServiceImpl reopen() {
        close();
        stores.clear();
        return open();
    }

    static BootProfile profile(String n) {
        return new BootProfile(n, "vmlinuz", List.of("initrd.img"), "console=ttyS0 kiln.host=${host}", "");
    }

    @Test
    void hostsAndProfilesSurviveAReopen() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("microos"));
        inv.addHost(new Host("edge-1", List.of("52-54-00-AA-BB-01"), "4C4C4544-0000-0000-0000-000000000001", "SN1", "microos",
                "10.0.0.5", null, Map.of("site", "shop-7")));
        InventoryServiceImpl again = reopen();
        Host h = again.host("edge-1").orElseThrow();
        assertEquals(List.of("52:54:00:aa:bb:01"), h.macs());
        assertEquals("shop-7", h.vars().get("site"));
        assertEquals("edge-1", again.hostByMac("52:54:00:AA:BB:01").orElseThrow().name());
        assertEquals("edge-1", again.hostByUuid("4c4c4544-0000-0000-0000-000000000001").orElseThrow().name());
        assertEquals("microos", again.profile("microos").orElseThrow().name());
    }

    @Test
    void duplicatesAndDanglingReferencesAreRefusedAndChangeNothing() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("p"));
        inv.addHost(Host.of("a", List.of("52:54:00:00:00:01"), "p"));
        KilnException dupMac = assertThrows(KilnException.class, () -> inv.addHost(Host.of("b", List.of("525400000001"), "p")));
        assertEquals(KilnException.Kind.CONFLICT, dupMac.kind());
        assertTrue(dupMac.getMessage().contains("'a'"));
        assertEquals(KilnException.Kind.CONFLICT, assertThrows(KilnException.class, () -> inv.addHost(Host.of("a", List.of("52:54:00:00:00:09"), "p"))).kind());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> inv.addHost(Host.of("c", List.of("52:54:00:00:00:03"), "nope"))).kind());
        KilnException inUse = assertThrows(KilnException.class, () -> inv.removeProfile("p"));
        assertEquals(KilnException.Kind.CONFLICT, inUse.kind());
        assertTrue(inUse.getMessage().contains("host 'a'"), inUse.getMessage());
        assertEquals(1, reopen().hosts().size());
        assertFalse(inv.hostByMac("52:54:00:00:00:03").isPresent());
    }

    @Test
    void badInputIsInvalidWithAClearMessage() {
        KilnException e = assertThrows(KilnException.class, () -> Host.of("x", List.of("zz:54:00:00:00:01"), null));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("zz:54"));
        assertThrows(KilnException.class, () -> Host.of("bad name", List.of("52:54:00:00:00:01"), null));
        assertThrows(KilnException.class, () -> new BootProfile("p", "../../etc/passwd", List.of(), "", ""));
        assertThrows(KilnException.class, () -> new Host("h", List.of("52:54:00:00:00:01"), null, null, null, "10.0.0.256", null, null));
    }

    @Test
    void theJsonFileOfTheBootSliceIsImportedOnce() throws Exception {
        InventoryFile legacy = new InventoryFile(dir.resolve("inv.json"));
        legacy.save(new InventoryFile.Content(1, List.of(Host.of("old-1", List.of("52:54:00:00:00:42"), "p")), List.of(profile("p"))));
        InventoryServiceImpl inv = open();
        assertEquals("old-1", inv.hostByMac("52:54:00:00:00:42").orElseThrow().name());
        assertFalse(Files.exists(dir.resolve("inv.json")));
        assertTrue(Files.exists(dir.resolve("inv.json.imported")));
        assertEquals(1, reopen().hosts().size());
    }

    @Test
    void removeAndUpdate() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("p"));
        inv.addHost(Host.of("a", List.of("52:54:00:00:00:01"), "p"));
        inv.updateHost(Host.of("a", List.of("52:54:00:00:00:02"), null));
        assertFalse(inv.hostByMac("52:54:00:00:00:01").isPresent());
        assertEquals("a", inv.hostByMac("52:54:00:00:00:02").orElseThrow().name());
        inv.removeHost("a");
        assertTrue(reopen().hosts().isEmpty());
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class, () -> inv.removeHost("a")).kind());
    }

    @Test
    void noLostUpdateWhenTwoWritersChangeOneHost() throws Exception {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("p"));
        Versioned<Host> v = inv.save(Host.of("a", List.of("52:54:00:00:00:01"), "p"), Inventory.MUST_NOT_EXIST);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger(), conflicts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String mac = "52:54:00:00:01:0" + i;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    inv.save(Host.of("a", List.of(mac), "p"), v.version());
                    won.incrementAndGet();
                } catch (KilnException e) {
                    if (e.kind() == KilnException.Kind.CONFLICT && e.getMessage().contains("changed by someone else")) conflicts.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) t.join();
        assertEquals(1, won.get());
        assertEquals(1, conflicts.get());
        assertEquals(v.version() + 1, inv.get(Host.class, "a").orElseThrow().version());
    }

    @Test
    void applyIsAtomicAndReportsEveryProblem() {
        InventoryServiceImpl inv = open();
        Site shop = new Site("shop-7", null, Map.of("tz", "Europe/Paris", "ntp", "site-ntp"),
                List.of(new SiteNetwork("10.0.0.0/24", "10.0.0.1", List.of("10.0.0.100-10.0.0.199"), null)), null);
        List<InventoryChange> good = new ArrayList<>();
        good.add(InventoryChange.put(shop, Inventory.ANY_VERSION));
        good.add(InventoryChange.put(profile("p"), Inventory.ANY_VERSION));
        good.add(InventoryChange.put(new Host("sno", List.of("52:54:00:00:00:50"), null, null, "p", "10.0.0.50", null, Map.of("ntp", "host-ntp"),
                "shop-7", null, null, null, null, null, null, null), Inventory.ANY_VERSION));
        good.add(InventoryChange.put(new Cluster("sno", "shop-7", List.of(new ClusterMember("sno", ClusterRole.CONTROL_PLANE)),
                "10.0.0.0/24", "10.0.0.50", "10.0.0.50", Map.of("ntp", "cluster-ntp")), Inventory.ANY_VERSION));
        inv.apply(good);
        assertEquals(1, inv.list(Cluster.class).size());
        List<ResolvedVariable> vars = inv.variables("sno");
        assertEquals("host-ntp", vars.stream().filter(x -> x.name().equals("ntp")).findFirst().orElseThrow().value());
        ResolvedVariable tz = vars.stream().filter(x -> x.name().equals("tz")).findFirst().orElseThrow();
        assertEquals("Europe/Paris", tz.value(), "site beats global");
        assertEquals(List.of("global = UTC"), tz.overrides(), "global has no name to repeat");

        List<InventoryChange> bad = List.of(
                InventoryChange.put(Host.of("x1", List.of("52:54:00:00:00:60"), "nope"), Inventory.ANY_VERSION),
                InventoryChange.put(new Cluster("c3", "shop-7", List.of(new ClusterMember("x1", ClusterRole.CONTROL_PLANE),
                        new ClusterMember("sno", ClusterRole.CONTROL_PLANE)), "10.0.0.0/24", "10.0.0.150", "10.0.0.6", null), Inventory.ANY_VERSION),
                InventoryChange.delete(EntityKind.PROFILE, "p", Inventory.ANY_VERSION));
        KilnException e = assertThrows(KilnException.class, () -> inv.apply(bad));
        assertTrue(e.getMessage().contains("profile 'p' is used by"), e.getMessage());
        assertTrue(e.getMessage().contains("'nope' does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("lies in DHCP pool"), e.getMessage());
        assertTrue(e.getMessage().contains("already belongs to cluster 'sno'"), e.getMessage());
        // check is apply without the write: the same problems in the same words, none for a batch apply would take
        assertEquals(e.getMessage(), String.join("; ", inv.check(bad)));
        assertEquals(List.of(), inv.check(List.of(InventoryChange.put(profile("q"), Inventory.ANY_VERSION))));
        assertTrue(inv.profile("q").isEmpty());
        InventoryServiceImpl again = reopen();
        assertFalse(again.host("x1").isPresent(), "nothing of a refused apply is written");
        assertEquals(1, again.list(Cluster.class).size());
        assertTrue(again.profile("p").isPresent());
    }

    @Test
    void aBatchMayDeleteAnEntityTogetherWithItsUsersButNotLeaveAUser() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("old"));
        inv.addHost(Host.of("h1", List.of("52:54:00:00:00:71"), "old"));
        // the profile's delete comes first, its only user goes later in the same batch
        inv.apply(List.of(InventoryChange.delete(EntityKind.PROFILE, "old", Inventory.ANY_VERSION),
                InventoryChange.delete(EntityKind.HOST, "h1", Inventory.ANY_VERSION)));
        assertTrue(inv.profile("old").isEmpty());
        assertTrue(inv.host("h1").isEmpty());

        inv.addProfile(profile("p2"));
        KilnException e = assertThrows(KilnException.class, () -> inv.apply(List.of(
                InventoryChange.delete(EntityKind.PROFILE, "p2", Inventory.ANY_VERSION),
                InventoryChange.put(Host.of("h2", List.of("52:54:00:00:00:72"), "p2"), Inventory.ANY_VERSION))));
        assertTrue(e.getMessage().contains("profile 'p2' is used by 2: host 'h2', instance of 'h2'"), e.getMessage());
        assertTrue(inv.profile("p2").isPresent());
        assertTrue(inv.host("h2").isEmpty());
    }

    static Host host(String name, String mac, String profile, String site, ProvisioningMode mode, OnboardingState current) {
        return new Host(name, List.of(mac), null, null, profile, null, null, Map.of(), site, null, null, null, null, mode, null, current);
    }

    static Instance instance(Inventory inv, String host) {
        return inv.get(Instance.class, host).map(Versioned::value).orElse(null);
    }

    @Test
    void aZtpHostGetsItsInstanceInTheSameWriteAndProvisioningStartsWhenItOnboards() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("os"));
        inv.addHost(host("h1", "52:54:00:00:01:01", "os", null, null, null));
        Instance i = instance(inv, "h1");
        assertEquals(new Instance("h1", "os", ProvisioningState.RUNNING, ProvisioningState.PENDING), i, "ZTP is the default");

        inv.saveStatus(new HostStatus("h1", OnboardingState.ONBOARDING, null), Inventory.ANY_VERSION);
        assertEquals(ProvisioningState.PENDING, instance(inv, "h1").current(), "not before the host has onboarded");
        inv.saveStatus(new HostStatus("h1", OnboardingState.ONBOARDED, null), Inventory.ANY_VERSION);
        assertEquals(ProvisioningState.PROVISIONING, instance(inv, "h1").current());

        InventoryServiceImpl again = reopen();
        assertEquals(ProvisioningState.PROVISIONING, instance(again, "h1").current(), "persisted with the host's write");
        again.removeHost("h1");
        assertTrue(again.get(Instance.class, "h1").isEmpty(), "the instance goes with its host");
        assertTrue(reopen().get(Instance.class, "h1").isEmpty());
    }

    @Test
    void aNonZtpHostWaitsForTheOperator() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("os"));
        inv.save(new Site("lab", null, null, null, ProvisioningMode.NON_ZTP), Inventory.MUST_NOT_EXIST);
        inv.addHost(host("n1", "52:54:00:00:02:01", "os", "lab", null, null));
        inv.saveStatus(new HostStatus("n1", OnboardingState.ONBOARDED, null), Inventory.ANY_VERSION);
        assertTrue(inv.get(Instance.class, "n1").isEmpty(), "non-ZTP site: no instance until an operator adds one");
        inv.addHost(host("z1", "52:54:00:00:02:02", "os", "lab", ProvisioningMode.ZTP, null));
        assertTrue(inv.get(Instance.class, "z1").isPresent(), "the host's own mode beats its site's");
        inv.addHost(host("none", "52:54:00:00:02:03", null, "lab", ProvisioningMode.ZTP, null));
        assertTrue(inv.get(Instance.class, "none").isEmpty(), "no OS profile, nothing to install");

        inv.save(new Instance("n1", "os", ProvisioningState.PENDING, null), Inventory.MUST_NOT_EXIST);
        assertEquals(ProvisioningState.PENDING, instance(inv, "n1").current(), "desired PENDING holds it");
        long v = inv.get(Instance.class, "n1").orElseThrow().version();
        inv.save(new Instance("n1", "os", ProvisioningState.RUNNING, ProvisioningState.PENDING), v);
        assertEquals(ProvisioningState.PROVISIONING, instance(inv, "n1").current(), "the operator's go-ahead on an onboarded host starts it");
    }

    @Test
    void aBatchCreatesImpliedInstancesUnlessItDeclaresThem() {
        InventoryServiceImpl inv = open();
        List<InventoryChange> batch = new ArrayList<>();
        batch.add(InventoryChange.put(profile("os"), Inventory.ANY_VERSION));
        batch.add(InventoryChange.put(profile("other"), Inventory.ANY_VERSION));
        for (int n = 0; n < 3; n++) {
            batch.add(InventoryChange.put(host("b" + n, "52:54:00:00:03:0" + n, "os", null, null, null), Inventory.ANY_VERSION));
        }
        batch.add(InventoryChange.put(new Instance("b2", "other", ProvisioningState.RUNNING, null), Inventory.ANY_VERSION));
        inv.apply(batch);
        assertEquals("os", instance(inv, "b0").profile());
        assertEquals("other", instance(inv, "b2").profile(), "a declared instance wins");
        assertEquals(3, inv.list(Instance.class).size());
        // deleting hosts in a batch takes their instances along, whether or not the batch names them
        inv.apply(List.of(InventoryChange.delete(EntityKind.HOST, "b0", Inventory.ANY_VERSION),
                InventoryChange.delete(EntityKind.HOST, "b1", Inventory.ANY_VERSION),
                InventoryChange.delete(EntityKind.INSTANCE, "b1", Inventory.ANY_VERSION)));
        assertEquals(List.of("b2"), inv.list(Instance.class).stream().map(x -> x.value().host()).toList());
        assertEquals(1, reopen().list(Instance.class).size());
    }

    @Test
    void twoAppliancesOnOneDatabaseSeeEachOthersWrites() throws Exception {
        JdbcDocumentStore shared = store();
        stores.add(shared);
        Map<String, Object> manual = Map.of("legacyFile", dir.resolve("none.json").toString(), "refreshSeconds", "0");
        InventoryServiceImpl a = new InventoryServiceImpl(shared, manual);
        InventoryServiceImpl b = new InventoryServiceImpl(shared, manual);
        a.addProfile(profile("os"));
        assertFalse(a.refresh(), "its own write needs no re-read");
        assertTrue(b.profile("os").isEmpty(), "b has not looked yet");
        assertTrue(b.refresh());
        assertTrue(b.profile("os").isPresent());
        b.addHost(Host.of("h1", List.of("52:54:00:00:04:01"), "os"));
        assertTrue(a.refresh());
        assertEquals("h1", a.hostByMac("52:54:00:00:04:01").orElseThrow().name(), "the DHCP path sees the other appliance's host");
        assertTrue(a.get(Instance.class, "h1").isPresent(), "with the instance b's write made");
        assertFalse(a.refresh(), "nothing new");
        // a stale version is still refused by the database, whatever a's memory says
        long v = b.get(Host.class, "h1").orElseThrow().version();
        b.save(Host.of("h1", List.of("52:54:00:00:04:01", "52:54:00:00:04:02"), "os"), v);
        KilnException e = assertThrows(KilnException.class, () -> a.save(Host.of("h1", List.of("52:54:00:00:04:03"), "os"), v));
        assertTrue(e.getMessage().contains("changed by someone else"), e.getMessage());

        // and with the poller on, b's removal reaches c without any call
        InventoryServiceImpl c = new InventoryServiceImpl(shared, Map.of("legacyFile", dir.resolve("none.json").toString(), "refreshSeconds", "1"));
        try {
            assertTrue(c.host("h1").isPresent());
            b.removeHost("h1");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (c.host("h1").isPresent() && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(c.host("h1").isEmpty(), "the poller re-read the store");
        } finally {
            c.close();
        }
    }

    @Test
    void aBadSettingFallsBackToTheDefaultAndIsOneLineInTheHealth() {
        JdbcDocumentStore s = store();
        stores.add(s);
        InventoryServiceImpl inv = new InventoryServiceImpl(s, Map.of("legacyFile", dir.resolve("inv.json").toString(),
                "refreshSeconds", "soon", "global.tz", "UTC", "refreshSecond", "3"));
        try {
            assertEquals(io.kiln.api.status.Health.degraded("etc/io.kiln.inventory.cfg: refreshSeconds = 'soon' is not a number"
                    + " from 0 to 86400; etc/io.kiln.inventory.cfg: unknown key 'refreshSecond' ignored (known: file, legacyFile,"
                    + " refreshSeconds, global\\..+)"), inv.health());
        } finally {
            inv.close();
        }
    }

    @Test
    void siteNetworksTheDhcpServerCannotServeAreRefusedWithEveryReason() {
        InventoryServiceImpl inv = open();
        inv.save(new Site("a", null, null, List.of(new SiteNetwork("10.5.0.0/24", "10.5.0.1", List.of("10.5.0.100-10.5.0.150"), null)), null),
                Inventory.MUST_NOT_EXIST);
        KilnException e = assertThrows(KilnException.class, () -> inv.save(new Site("b", null, null, List.of(new SiteNetwork("10.5.0.0/24",
                "10.6.0.1", List.of("10.5.0.140-10.5.0.160", "10.5.1.1-10.5.1.2", "10.5.0.90-10.5.0.80"), null)), null), Inventory.MUST_NOT_EXIST));
        for (String reason : new String[] {"pool 10.5.0.140-10.5.0.160 overlaps pool 10.5.0.100-10.5.0.150 of site 'a'",
                "gateway 10.6.0.1 is not on the subnet", "pool 10.5.1.1-10.5.1.2 must lie inside the subnet", "10.5.0.90-10.5.0.80: FIRST must not be above LAST"}) {
            assertTrue(e.getMessage().contains(reason), reason + " in " + e.getMessage());
        }
        assertTrue(inv.get(Site.class, "b").isEmpty());
    }

    @Test
    void aWriteChecksAgainstWhatTheDatabaseHoldsAndOldProblemsDoNotBlockNewWrites() {
        // a database other appliances can write (the embedded file is one process's: no check before each write there)
        JdbcDocumentStore shared = TestStores.h2ByUrl(dir);
        stores.add(shared);
        // polling too slow to matter here: the check before each write is what keeps them in step
        Map<String, Object> cfg = Map.of("legacyFile", dir.resolve("none.json").toString(), "refreshSeconds", "3600");
        InventoryServiceImpl a = new InventoryServiceImpl(shared, cfg), b = new InventoryServiceImpl(shared, cfg);
        try {
            a.addProfile(profile("p"));
            b.addHost(Host.of("h1", List.of("52:54:00:00:05:01"), "p")); // b had not seen p: it looks before it writes
            a.removeHost("h1");
            a.removeProfile("p");
            KilnException gone = assertThrows(KilnException.class, () -> b.addHost(Host.of("h2", List.of("52:54:00:00:05:02"), "p")));
            assertTrue(gone.getMessage().contains("'p' does not exist"), gone.getMessage());

            // what two truly simultaneous writers can leave behind: a host naming a profile that is gone
            shared.put("host", "orphan", 0, "{\"name\":\"orphan\",\"macs\":[\"52:54:00:00:05:03\"],\"profile\":\"vanished\"}",
                    Map.of("mac", java.util.Set.of("52:54:00:00:05:03")));
            a.addProfile(profile("q")); // unrelated: not blocked by the orphan
            assertTrue(a.host("orphan").isPresent() && a.profile("q").isPresent());
            KilnException worse = assertThrows(KilnException.class, () -> a.addHost(Host.of("h3", List.of("52:54:00:00:05:04"), "vanished")));
            assertTrue(worse.getMessage().contains("host 'h3': boot profile 'vanished' does not exist"), worse.getMessage());
            a.updateHost(Host.of("orphan", List.of("52:54:00:00:05:03"), "q")); // and it can be fixed
            b.refresh();
            assertEquals("q", b.host("orphan").orElseThrow().profile());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void otherBundlesChecksRefuseAWriteLikeTheInventorysOwnRules() {
        InventoryServiceImpl inv = open();
        inv.checks(List.of(e -> e instanceof BootProfile p && p.name().startsWith("bad") ? List.of("profile '" + p.name() + "': bad name") : List.of()));
        KilnException one = assertThrows(KilnException.class, () -> inv.addProfile(profile("bad-1")));
        assertEquals(KilnException.Kind.INVALID, one.kind());
        assertEquals("profile 'bad-1': bad name", one.getMessage());
        KilnException batch = assertThrows(KilnException.class, () -> inv.apply(List.of(InventoryChange.put(profile("good"), Inventory.ANY_VERSION),
                InventoryChange.put(profile("bad-2"), Inventory.ANY_VERSION))));
        assertTrue(batch.getMessage().contains("profile 'bad-2': bad name"), batch.getMessage());
        assertTrue(inv.profiles().isEmpty(), "nothing of either write");
        inv.addProfile(profile("good"));
        assertTrue(reopen().profile("good").isPresent());
    }

    // ---- spec and status apart ----

    @Test
    void aSpecWriteWithoutStatusFieldsKeepsTheStatus() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("os"));
        inv.addHost(host("h1", "52:54:00:00:09:01", "os", null, null, null));
        inv.saveStatus(new HostStatus("h1", OnboardingState.ONBOARDED, Map.of("cpu", "4")), Inventory.ANY_VERSION);
        assertEquals(ProvisioningState.PROVISIONING, instance(inv, "h1").current());
        Versioned<Host> v = inv.get(Host.class, "h1").orElseThrow();
        assertEquals(1, v.version(), "a status write leaves the spec version alone");
        // what a README-style PUT ?force=true without status fields sends
        Host edited = host("h1", "52:54:00:00:09:01", "os", null, null, null).toBuilder().labels(Map.of("rack", "r2")).build();
        Versioned<Host> saved = inv.save(edited, Inventory.ANY_VERSION);
        assertEquals(2, saved.version());
        assertEquals(OnboardingState.ONBOARDED, saved.value().currentState(), "a spec write never touches the status");
        assertEquals(Map.of("cpu", "4"), saved.value().hardware());
        assertEquals(ProvisioningState.PROVISIONING, instance(inv, "h1").current());
        Host again = reopen().host("h1").orElseThrow();
        assertEquals(OnboardingState.ONBOARDED, again.currentState(), "both parts persisted");
        assertEquals(Map.of("rack", "r2"), again.labels());
    }

    /**
     * Status writes of different hosts run side by side (bench/fleet: thousands of agents reporting); several
     * writers of one host's status each read, then write with the version read, and retry on a conflict. None of
     * them may be lost, a reader may never see a status version go back, and what the store holds is what was
     * published -- while spec writes come in between and enough status writes go by to merge the state's layers.
     */
    @Test
    void concurrentStatusWritesLoseNothingAndVersionsOnlyGrow() throws Exception {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("os"));
        int hosts = 40, threads = 6, perThread = 60;
        List<InventoryChange> adds = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            adds.add(InventoryChange.put(host("c" + i, String.format("52:54:00:00:0c:%02x", i), "os", null, null, null), Inventory.MUST_NOT_EXIST));
        }
        inv.apply(adds);
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            writers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int k = 0; k < perThread; k++) {
                        String h = "c" + ((k * 7 + me * 3) % hosts); // every host has several writers
                        while (true) {
                            Versioned<HostStatus> read = inv.hostStatus(h).orElseThrow();
                            int n = Integer.parseInt(read.value().hardware().getOrDefault("n", "0"));
                            try {
                                inv.saveStatus(new HostStatus(h, OnboardingState.ONBOARDED, Map.of("n", String.valueOf(n + 1))), read.version());
                                break;
                            } catch (KilnException e) {
                                if (e.kind() != KilnException.Kind.CONFLICT) throw e;
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        Thread operator = new Thread(() -> { // spec writes between the status writes: they keep the statuses
            try {
                start.await();
                for (int k = 0; writing.get(); k++) {
                    String h = "c" + (k % hosts);
                    Versioned<Host> v = inv.get(Host.class, h).orElseThrow();
                    inv.save(v.value().toBuilder().labels(Map.of("edit", String.valueOf(k))).build(), v.version());
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        Thread reader = new Thread(() -> {
            Map<String, Long> seen = new java.util.HashMap<>();
            try {
                start.await();
                while (writing.get()) {
                    for (int i = 0; i < hosts; i++) {
                        String h = "c" + i;
                        long v = inv.hostStatus(h).orElseThrow().version();
                        long before = seen.getOrDefault(h, 0L);
                        if (v < before) throw new AssertionError(h + ": status version " + v + " after " + before);
                        seen.put(h, v);
                        assertEquals(h, inv.hostByMac(String.format("52:54:00:00:0c:%02x", i)).orElseThrow().name());
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        writers.forEach(Thread::start);
        operator.start();
        reader.start();
        start.countDown();
        for (Thread w : writers) w.join();
        writing.set(false);
        operator.join();
        reader.join();
        assertEquals(List.of(), failures);

        int total = 0;
        for (InventoryServiceImpl i : List.of(inv, reopen())) {
            total = 0;
            for (int h = 0; h < hosts; h++) {
                Versioned<HostStatus> st = i.hostStatus("c" + h).orElseThrow();
                int n = Integer.parseInt(st.value().hardware().getOrDefault("n", "0"));
                assertEquals(n, st.version(), "c" + h + ": one status version per write, none lost");
                assertEquals(st.value(), i.hostByMac(String.format("52:54:00:00:0c:%02x", h)).orElseThrow().status(), "the MAC finds the newest status");
                assertEquals(ProvisioningState.PROVISIONING, instance(i, "c" + h).current(), "onboarded: its instance started");
                total += n;
            }
        }
        assertEquals(threads * perThread, total, "every status write counted, in memory and in the store");
    }

    @Test
    void aStatusReportNeverConflictsWithAnOperatorsEdit() {
        InventoryServiceImpl inv = open();
        inv.addHost(host("h1", "52:54:00:00:09:02", null, null, null, null));
        long spec = inv.get(Host.class, "h1").orElseThrow().version();
        long status = inv.hostStatus("h1").orElseThrow().version();
        assertEquals(0, status, "no status written yet");
        inv.saveStatus(new HostStatus("h1", OnboardingState.ONBOARDING, null), status);       // the agent
        inv.save(host("h1", "52:54:00:00:09:02", null, "x", null, null).toBuilder().site(null).labels(Map.of("a", "b")).build(), spec); // the operator, same version read
        Versioned<HostStatus> st = inv.hostStatus("h1").orElseThrow();
        assertEquals(OnboardingState.ONBOARDING, st.value().currentState());
        assertEquals(1, st.version());
        KilnException stale = assertThrows(KilnException.class,
                () -> inv.saveStatus(new HostStatus("h1", OnboardingState.ONBOARDED, null), status));
        assertEquals(KilnException.Kind.CONFLICT, stale.kind(), "a status write checks the status version");
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class,
                () -> inv.saveStatus(new HostStatus("nobody", null, null), Inventory.ANY_VERSION)).kind());
    }

    @Test
    void anOperatorSetsTheCurrentStateOnlyAsTheStateMachineAllowsKilnSetsItsOwn() {
        InventoryServiceImpl inv = open();
        inv.addHost(host("h1", "52:54:00:00:09:03", null, null, null, null));
        KilnException q = assertThrows(KilnException.class,
                () -> inv.saveStatusByHand(new HostStatus("h1", OnboardingState.QUARANTINED, null), Inventory.ANY_VERSION));
        assertEquals(KilnException.Kind.CONFLICT, q.kind());
        assertEquals("host 'h1' is REGISTERED: by hand its current state can become ONBOARDED, ERROR, not QUARANTINED (QUARANTINED is a "
                + "workflow's verdict when a gate fails; to stop Kiln acting on the host: kiln:host-detach h1)", q.getMessage());
        assertEquals(0, inv.hostStatus("h1").orElseThrow().version(), "nothing written");
        assertEquals(OnboardingState.ONBOARDED,
                inv.saveStatusByHand(new HostStatus("h1", OnboardingState.ONBOARDED, Map.of("cpu", "4")), 0).value().currentState());
        // the workflow quarantines (Kiln's own write); an operator cannot take it out by hand, nor put it back
        inv.saveStatus(new HostStatus("h1", OnboardingState.QUARANTINED, Map.of("cpu", "4")), Inventory.ANY_VERSION);
        KilnException out = assertThrows(KilnException.class,
                () -> inv.saveStatusByHand(new HostStatus("h1", OnboardingState.REGISTERED, null), Inventory.ANY_VERSION));
        assertTrue(out.getMessage().startsWith("host 'h1' is QUARANTINED: by hand its current state can become nothing else, not REGISTERED"
                + " (a quarantined host leaves quarantine through its workflow: kiln:host-release h1"), out.getMessage());
        Versioned<HostStatus> facts = inv.saveStatusByHand(new HostStatus("h1", OnboardingState.QUARANTINED, Map.of("cpu", "8")), Inventory.ANY_VERSION);
        assertEquals("8", facts.value().hardware().get("cpu"), "its hardware facts stay an operator's to correct");
    }

    @Test
    void anInstancesStatusIsWrittenApartAndAProfileChangeStartsOver() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("os"));
        inv.addProfile(profile("os2"));
        inv.addHost(host("h1", "52:54:00:00:09:03", "os", null, null, null));
        inv.saveStatus(new io.kiln.api.inventory.InstanceStatus("h1", ProvisioningState.RUNNING), Inventory.ANY_VERSION);
        Versioned<Instance> v = inv.get(Instance.class, "h1").orElseThrow();
        assertEquals(ProvisioningState.RUNNING, v.value().current());
        inv.save(new Instance("h1", "os", ProvisioningState.RUNNING, ProvisioningState.ERROR), v.version());
        assertEquals(ProvisioningState.RUNNING, instance(inv, "h1").current(), "the spec write's 'current' is not used");
        v = inv.get(Instance.class, "h1").orElseThrow();
        inv.save(new Instance("h1", "os2", ProvisioningState.RUNNING, null), v.version());
        assertEquals(ProvisioningState.PENDING, instance(inv, "h1").current(), "another OS: provisioning starts over");
        assertEquals(ProvisioningState.PENDING, reopen().get(Instance.class, "h1").orElseThrow().value().current());
    }

    @Test
    void aHostStoredBeforeTheSplitKeepsItsStatusThroughItsNextWrite() throws Exception {
        JdbcDocumentStore raw = store();
        stores.add(raw);
        Host old = host("h1", "52:54:00:00:09:04", null, null, null, OnboardingState.ONBOARDED).toBuilder().hardware(Map.of("gpu", "1")).build();
        raw.put("host", "h1", 0, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(old),
                Map.of("mac", java.util.Set.of("52:54:00:00:09:04")));
        close();
        stores.clear();
        InventoryServiceImpl inv = open();
        assertEquals(OnboardingState.ONBOARDED, inv.host("h1").orElseThrow().currentState(), "read as it was stored");
        inv.save(old.toBuilder().labels(Map.of("x", "y")).currentState(null).hardware(null).build(), Inventory.ANY_VERSION);
        Host after = reopen().host("h1").orElseThrow();
        assertEquals(OnboardingState.ONBOARDED, after.currentState(), "moved to its status document, not lost");
        assertEquals(Map.of("gpu", "1"), after.hardware());
        assertEquals(Map.of("x", "y"), after.labels());
    }
}
