package io.kiln.gitops.internal;

import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.inventory.Host;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark (not a test; run by bench/inventory): generates N hosts as YAML files, imports them through the
 * declarative path (DeclarativeInventory.apply on InventoryServiceImpl over the real embedded H2 store, or over
 * PostgreSQL when -Dkiln.bench.postgres.url/.user/.password are given: each run in a fresh schema), and measures
 * Inventory.hostByMac, the DHCP hot path.
 *
 * <p>Arguments: work directory, then one or more host counts (default 10000).
 */
public final class InventoryBench {
    private InventoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/kiln-bench/inventory");
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) counts.add(Integer.parseInt(args[i]));
        if (counts.isEmpty()) counts.add(10_000);
        System.out.println("store: " + (PG_URL.isEmpty() ? "embedded H2 file" : "PostgreSQL " + PG_URL));
        System.out.printf(Locale.ROOT, "%-7s %9s %9s %9s %9s %10s %9s %9s %9s %12s %12s %12s%n", "hosts", "read s", "apply s", "total s", "heap MB",
                "reapply s", "diff s", "export s", "restart s", "mac/s 1thr", "mac/s 2thr", "upper 1thr");
        for (int n : counts) run(work.resolve("n" + n), n);
    }

    static final String PG_URL = System.getProperty("kiln.bench.postgres.url", "").trim();
    static final String PG_USER = System.getProperty("kiln.bench.postgres.user", "");
    static final String PG_PASSWORD = System.getProperty("kiln.bench.postgres.password", "");

    /** The store of one run: the H2 file under {@code root}, or a fresh PostgreSQL schema named after the run. */
    static String storeUrl(int n) throws java.sql.SQLException {
        if (PG_URL.isEmpty()) return "";
        String schema = "kiln_bench_" + n + "_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection c = new org.postgresql.ds.PGSimpleDataSource() {
            {
                setURL(PG_URL);
                setUser(PG_USER);
                setPassword(PG_PASSWORD);
            }
        }.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void run(Path root, int n) throws IOException, InterruptedException, java.sql.SQLException {
        deleteTree(root);
        String url = storeUrl(n);
        Path dir = Files.createDirectories(root.resolve("inventory"));
        List<String> macs = generate(dir, n);

        gc();
        long heapBefore = heapUsed();
        double read, apply, total, reapply, diff, export, restart;
        long heapAfter;
        try (TestInventory t = new TestInventory(root.resolve("data"), url, PG_USER, PG_PASSWORD)) {
            long t0 = System.nanoTime();
            InventoryReader.Declared d = InventoryReader.read(dir, new YamlCodec());
            read = secs(t0);
            if (!d.errors().isEmpty()) throw new IllegalStateException(d.errors().get(0));
            long t1 = System.nanoTime();
            ApplyResult r = t.declarative.apply(dir, false);
            total = secs(t1);
            apply = total; // apply reads again; the import time the operator sees is total
            if (r.created().size() != n + 2) throw new IllegalStateException("created " + r.summary());
            gc();
            heapAfter = heapUsed();

            long t2 = System.nanoTime();
            ApplyResult again = t.declarative.apply(dir, false);
            reapply = secs(t2);
            if (again.changed()) throw new IllegalStateException("second apply changed " + again.summary());
            long t3 = System.nanoTime();
            if (!t.declarative.diff(dir).inSync()) throw new IllegalStateException("not in sync after apply");
            diff = secs(t3);
            long t4 = System.nanoTime();
            t.declarative.export(root.resolve("export"));
            export = secs(t4);
        }
        // a restart: the inventory loads every document from the store
        long t5 = System.nanoTime();
        try (TestInventory t = new TestInventory(root.resolve("data"), url, PG_USER, PG_PASSWORD)) {
            restart = secs(t5);
            if (t.inventory.hosts().size() != n) throw new IllegalStateException("reloaded " + t.inventory.hosts().size());
            lookups(t, macs, 1, false); // warm-up
            double one = lookups(t, macs, 1, false), two = lookups(t, macs, 2, false), upper = lookups(t, macs, 1, true);
            System.out.printf(Locale.ROOT, "%-7d %9.2f %9.2f %9.2f %9.1f %10.2f %9.2f %9.2f %9.2f %12.0f %12.0f %12.0f%n", n, read, apply - read, total,
                    (heapAfter - heapBefore) / 1048576.0, reapply, diff, export, restart, one, two, upper);
        }
        try (TestInventory t = new TestInventory(root.resolve("data"), url, PG_USER, PG_PASSWORD)) {
            listLatency(t.inventory, n);
        }
    }

    /**
     * GET /api/v1/hosts' work (Inventory.findHosts) at n hosts: a filtered, sorted page, p50/p99 over 2000 calls;
     * the first call of a state (it builds the sorted views); and the same queries done by the plain scan and sort
     * (Inventory's default method), for comparison.
     */
    static void listLatency(io.kiln.api.inventory.Inventory inv, int n) {
        List<io.kiln.api.inventory.HostQuery> queries = List.of(
                // every host passes: label filter, sorted by last update, descending, page 3 of 50
                new io.kiln.api.inventory.HostQuery(List.of("bench-site"), null, null, null, null, null, List.of("vendor=dell"), null,
                        io.kiln.api.inventory.HostSort.UPDATED, true, 100, 50),
                // a rack (40 hosts) by state
                new io.kiln.api.inventory.HostQuery(null, null, null, null, null, null, List.of("rack=r7"), null,
                        io.kiln.api.inventory.HostSort.STATE, false, 0, 50),
                // search text (11 hosts), by site
                new io.kiln.api.inventory.HostQuery(null, null, null, null, null, List.of(io.kiln.api.inventory.OnboardingState.REGISTERED), null,
                        "sn100012", io.kiln.api.inventory.HostSort.SITE, false, 0, 50));
        long f0 = System.nanoTime();
        int total = inv.findHosts(queries.get(0)).total();
        double first = (System.nanoTime() - f0) / 1e6;
        if (total != n) throw new IllegalStateException("findHosts total " + total);
        io.kiln.api.inventory.Inventory plain = new PlainScan(inv);
        System.out.printf(Locale.ROOT, "%nGET /api/v1/hosts (Inventory.findHosts) at %d hosts, ms per call: first call of a state (builds the views) %.1f%n",
                n, first);
        System.out.printf(Locale.ROOT, "%-46s %8s %8s %14s %14s%n", "query", "p50", "p99", "scan+sort p50", "scan+sort p99");
        // a status write makes a new state: the next list pays for its views
        double[] afterWrite = new double[60];
        for (int i = 0; i < afterWrite.length; i++) {
            String h = String.format(Locale.ROOT, "bench-%05d", (i * 7919) % n);
            inv.saveStatus(new io.kiln.api.inventory.HostStatus(h, i % 2 == 0 ? io.kiln.api.inventory.OnboardingState.ONBOARDING
                    : io.kiln.api.inventory.OnboardingState.REGISTERED, null), io.kiln.api.inventory.Inventory.ANY_VERSION);
            long t0 = System.nanoTime();
            inv.findHosts(queries.get(0));
            afterWrite[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] warm = java.util.Arrays.copyOfRange(afterWrite, 10, afterWrite.length);
        java.util.Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "first call after a host's status write (50 writes after 10 for warm-up): p50 %.2f ms, max %.2f ms%n",
                warm[warm.length / 2], warm[warm.length - 1]);
        String[] names = {"site+label, sort -updated, offset 100 limit 50", "label rack=r7, sort state, limit 50", "state+q=sn100012, sort site, limit 50"};
        for (int k = 0; k < queries.size(); k++) {
            double[] fast = timings(inv, queries.get(k)), slow = timings(plain, queries.get(k));
            System.out.printf(Locale.ROOT, "%-46s %8.3f %8.3f %14.3f %14.3f%n", names[k], fast[0], fast[1], slow[0], slow[1]);
        }
    }

    /** p50 and p99 in ms of 2000 calls after 500 for warm-up. */
    static double[] timings(io.kiln.api.inventory.Inventory inv, io.kiln.api.inventory.HostQuery q) {
        for (int i = 0; i < 500; i++) inv.findHosts(q);
        double[] ms = new double[2000];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            inv.findHosts(q);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return new double[] {ms[ms.length / 2], ms[ms.length * 99 / 100]};
    }

    /** The inventory with Inventory's default findHosts: scan every host, filter, sort, per call. */
    private static final class PlainScan implements io.kiln.api.inventory.Inventory {
        private final io.kiln.api.inventory.Inventory inv;

        PlainScan(io.kiln.api.inventory.Inventory inv) {
            this.inv = inv;
        }

        @Override public List<Host> hosts() { return inv.hosts(); }
        @Override public <T> java.util.Optional<io.kiln.api.inventory.Versioned<T>> get(Class<T> t, String n) { return inv.get(t, n); }
        @Override public <T> List<io.kiln.api.inventory.Versioned<T>> list(Class<T> t) { return inv.list(t); }
        @Override public <T> io.kiln.api.inventory.Versioned<T> save(T e, long v) { throw new UnsupportedOperationException(); }
        @Override public void delete(Class<?> t, String n, long v) { throw new UnsupportedOperationException(); }
        @Override public void apply(List<io.kiln.api.inventory.InventoryChange> c) { throw new UnsupportedOperationException(); }
        @Override public List<String> check(List<io.kiln.api.inventory.InventoryChange> c) { throw new UnsupportedOperationException(); }
        @Override public List<io.kiln.api.inventory.ResolvedVariable> variables(String h) { return inv.variables(h); }
        @Override public java.util.Optional<io.kiln.api.inventory.Instance> ztpInstance(String h) { return inv.ztpInstance(h); }
        @Override public java.util.Optional<io.kiln.api.inventory.HostContext> context(String h) { return inv.context(h); }
        @Override public java.util.Optional<io.kiln.api.inventory.HostMatch> identify(String m, String u, String s) { return inv.identify(m, u, s); }
        @Override public java.util.Optional<io.kiln.api.inventory.Versioned<io.kiln.api.inventory.HostStatus>> hostStatus(String h) { return inv.hostStatus(h); }
        @Override public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.HostStatus> saveStatus(io.kiln.api.inventory.HostStatus s, long v) { throw new UnsupportedOperationException(); }
        @Override public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.HostStatus> saveStatusByHand(io.kiln.api.inventory.HostStatus s, long v) { throw new UnsupportedOperationException(); }
        @Override public java.util.Optional<io.kiln.api.inventory.Versioned<io.kiln.api.inventory.InstanceStatus>> instanceStatus(String h) { return inv.instanceStatus(h); }
        @Override public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.InstanceStatus> saveStatus(io.kiln.api.inventory.InstanceStatus s, long v) { throw new UnsupportedOperationException(); }
        @Override public java.util.Optional<Host> host(String n) { return inv.host(n); }
        @Override public java.util.Optional<Host> hostByMac(String m) { return inv.hostByMac(m); }
        @Override public java.util.Optional<Host> hostByUuid(String u) { return inv.hostByUuid(u); }
        @Override public Host addHost(Host h) { throw new UnsupportedOperationException(); }
        @Override public Host updateHost(Host h) { throw new UnsupportedOperationException(); }
        @Override public Host removeHost(String n) { throw new UnsupportedOperationException(); }
        @Override public List<io.kiln.api.inventory.BootProfile> profiles() { return inv.profiles(); }
        @Override public java.util.Optional<io.kiln.api.inventory.BootProfile> profile(String n) { return inv.profile(n); }
        @Override public io.kiln.api.inventory.BootProfile addProfile(io.kiln.api.inventory.BootProfile p) { throw new UnsupportedOperationException(); }
        @Override public io.kiln.api.inventory.BootProfile updateProfile(io.kiln.api.inventory.BootProfile p) { throw new UnsupportedOperationException(); }
        @Override public io.kiln.api.inventory.BootProfile removeProfile(String n) { throw new UnsupportedOperationException(); }
    }

    /**
     * hostByMac calls per second over 3 s on the given number of threads: with canonical MACs (what the DHCP server
     * passes, MacAddress.of(chaddr)), or in upper case (a spelling that takes the canonicalising fallback).
     */
    static double lookups(TestInventory t, List<String> macs, int threads, boolean upper) throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + 3_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int seed = k;
            Thread th = new Thread(() -> {
                Random rnd = new Random(seed);
                List<String> ms = upper ? macs.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList() : macs;
                int size = ms.size();
                long local = 0;
                while (true) {
                    for (int i = 0; i < 1000; i++) {
                        String mac = ms.get(rnd.nextInt(size));
                        Host h = t.inventory.hostByMac(mac).orElse(null);
                        if (h == null) throw new IllegalStateException("lost " + mac);
                    }
                    local += 1000;
                    if (System.nanoTime() > end) break;
                }
                done.add(local);
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        return done.sum() / 3.0;
    }

    /** One site, one profile and n hosts with two MACs, a UUID, a serial, a BMC and labels each. */
    static List<String> generate(Path dir, int n) throws IOException {
        Files.createDirectories(dir.resolve("sites"));
        Files.createDirectories(dir.resolve("profiles"));
        Path hosts = Files.createDirectories(dir.resolve("hosts"));
        Files.writeString(dir.resolve("sites/bench-site.yaml"), "name: bench-site\nvariables:\n  ntp: 10.0.0.1\nnetworks:\n  - subnet: 10.0.0.0/8\n    gateway: 10.0.0.1\n");
        Files.writeString(dir.resolve("profiles/bench-os.yaml"), "name: bench-os\nkernel: os/vmlinuz\ninitrds: [os/initrd.img]\ncmdline: console=ttyS0 kiln.host=${host}\n");
        List<String> macs = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "bench-%05d", i);
            String m1 = String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
            String m2 = String.format(Locale.ROOT, "52:54:01:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
            macs.add(m1);
            String uuid = String.format(Locale.ROOT, "%08x-%04x-4%03x-8%03x-%012x", rnd.nextInt(), i & 0xffff, rnd.nextInt(0x1000), rnd.nextInt(0x1000), (long) i);
            Files.writeString(hosts.resolve(name + ".yaml"), "name: " + name + "\nmacs:\n  - \"" + m1 + "\"\n  - \"" + m2 + "\"\nuuid: " + uuid
                    + "\nserial: SN" + (1_000_000 + i) + "\nsite: bench-site\nprofile: bench-os\nbmc:\n  address: https://10.200." + (i / 250) + "." + (i % 250 + 1)
                    + "\n  plugin: redfish\n  credentialRef: bmc-bench\nlabels:\n  rack: r" + (i / 40) + "\n  vendor: dell\n");
        }
        return macs;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double secs(long from) {
        return (System.nanoTime() - from) / 1e9;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
