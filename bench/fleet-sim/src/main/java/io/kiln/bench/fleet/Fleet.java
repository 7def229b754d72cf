package io.kiln.bench.fleet;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kiln.bench.fleet.Stats.Stage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fleet simulator: N virtual nodes against a running, assembled Kiln over the real protocols (DHCP, TFTP, HTTP,
 * HTTPS onboarding, the agent API), from addresses inside the client network namespace bench/fleet makes. Registers
 * the hosts through the declarative inventory, powers the nodes on, watches Kiln's instances until every one is
 * RUNNING, optionally kills Kiln's JVM on the way ({@code --kill-at}) and restarts it, then checks leases and
 * workflow runs and prints the figures. See bench/README.md, "fleet".
 */
public final class Fleet {
    // settings
    final int n;
    final int arch, blksize, window;
    final long stageTimeoutMs, actionMs, rebootMs;
    private final long deadline;
    private final InetAddress server, restFrom;
    private final String auth, workflow;
    private final Path work;
    private final double killAt, rampSeconds;
    private final Path pidFile, restartCmd;
    private final int pollMs;

    // machinery
    final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "fleet-timer"));
    final ExecutorService io, tftpPool;
    final Dhcp dhcp;
    final Stats stats;
    final Node[] nodes;
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<InetAddress, Node> leasedTo = new ConcurrentHashMap<>();
    private final List<String> doubleLeases = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failedNodes = new AtomicInteger();
    private volatile int runningNodes;

    private Fleet(Map<String, String> a) throws IOException {
        n = Integer.parseInt(a.getOrDefault("n", "10000"));
        arch = Integer.parseInt(a.getOrDefault("arch", "7"));
        blksize = Integer.parseInt(a.getOrDefault("blksize", "1468"));
        window = Integer.parseInt(a.getOrDefault("window", "1"));
        stageTimeoutMs = 1000L * Integer.parseInt(a.getOrDefault("stage-timeout", "600"));
        actionMs = (long) (1000 * Double.parseDouble(a.getOrDefault("action-seconds", "0")));
        rebootMs = (long) (1000 * Double.parseDouble(a.getOrDefault("reboot-seconds", "2")));
        deadline = System.currentTimeMillis() + 1000L * Integer.parseInt(a.getOrDefault("timeout", "3600"));
        server = InetAddress.getByName(a.getOrDefault("server", "10.214.0.1"));
        restFrom = InetAddress.getByName(a.getOrDefault("rest-from", "10.214.0.2"));
        auth = "Basic " + Base64.getEncoder().encodeToString(a.getOrDefault("api-user", "karaf:karaf").getBytes(StandardCharsets.UTF_8));
        workflow = a.getOrDefault("workflow", "ztp");
        work = Path.of(a.getOrDefault("work", "/tmp/kiln-fleet")).toAbsolutePath();
        killAt = Double.parseDouble(a.getOrDefault("kill-at", "0"));
        rampSeconds = Double.parseDouble(a.getOrDefault("ramp", "0"));
        pidFile = a.containsKey("kiln-pid-file") ? Path.of(a.get("kiln-pid-file")) : null;
        restartCmd = a.containsKey("restart-cmd") ? Path.of(a.get("restart-cmd")) : null;
        pollMs = (int) (1000 * Double.parseDouble(a.getOrDefault("poll-seconds", "2")));
        int ioThreads = Integer.parseInt(a.getOrDefault("io-threads", "256"));
        int tftpThreads = Integer.parseInt(a.getOrDefault("tftp-threads", "64"));
        if (killAt > 0 && (pidFile == null || restartCmd == null)) throw new IllegalArgumentException("--kill-at needs --kiln-pid-file and --restart-cmd");
        io = pool(ioThreads, "fleet-io");
        tftpPool = pool(tftpThreads, "fleet-tftp");
        stats = new Stats(n);
        nodes = new Node[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = new Node(this, i);
            byName.put(nodes[i].name, nodes[i]);
        }
        dhcp = new Dhcp(timer);
    }

    private static ExecutorService pool(int threads, String name) {
        AtomicInteger k = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, name + "-" + k.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(null, r, name, 256 * 1024);
        t.setDaemon(true);
        return t;
    }

    // ---- what nodes call ----

    void later(long ms, Runnable r) {
        timer.schedule(r, ms, TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> every(long ms, Runnable r) {
        return timer.scheduleWithFixedDelay(() -> io.execute(r), ms, ms, TimeUnit.MILLISECONDS);
    }

    boolean pastDeadline() {
        return System.currentTimeMillis() > deadline;
    }

    /** An ACK gave {@code ip} to {@code node}: no other node may hold it. */
    void leased(Node node, InetAddress ip) {
        Node before = leasedTo.put(ip, node);
        if (before != null && before != node) doubleLeases.add(ip.getHostAddress() + " ACKed to " + before.macText + " and " + node.macText);
    }

    void nodeFailed(Node node) {
        failedNodes.incrementAndGet();
    }

    // ---- Kiln over REST ----

    private Http.Response rest(String method, String path, String json) throws IOException {
        try (Http h = new Http(restFrom, new InetSocketAddress(server, 8080), null)) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", auth);
            headers.put("Accept", "application/json");
            return h.exchange(method, "/api/v1/" + path, headers, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Map<String, Object> restJson(String path) throws IOException {
        Http.Response r = rest("GET", path, null);
        if (r.status() != 200) throw new IOException("GET " + path + ": HTTP " + r.status() + ": " + r.text());
        return JSON.std.mapFrom(r.text());
    }

    /** Every item of a paged list. */
    private List<Map<String, Object>> restList(String path) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        String sep = path.contains("?") ? "&" : "?";
        for (int offset = 0; ; offset += 10_000) {
            Map<String, Object> page = restJson(path + sep + "limit=10000&offset=" + offset);
            @SuppressWarnings("unchecked") List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            out.addAll(items);
            Object total = page.get("total");
            if (!(total instanceof Number t) || offset + 10_000 >= t.intValue() || items.isEmpty()) return out;
        }
    }

    // ---- the run ----

    private void register() throws IOException {
        Path inv = work.resolve("inventory");
        for (String d : List.of("profiles", "roles", "hosts", "workflows")) Files.createDirectories(inv.resolve(d));
        Files.writeString(inv.resolve("profiles/fleet-os.yaml"), """
                name: fleet-os
                description: "the fleet simulator's OS (the simulated agent writes nothing)"
                kernel: fleet/vmlinuz
                initrds: [fleet/initrd.img]
                cmdline: console=ttyS0 kiln.host=${host} kiln.url=${kiln.url} kiln.https=${kiln.https} kiln.ca=${kiln.ca} kiln.token=${kiln.token}
                install: IMAGE
                image:
                  url: fleet/os.img.gz
                  sha256: 0000000000000000000000000000000000000000000000000000000000000000
                """);
        Files.writeString(inv.resolve("workflows/fleet-custom.yaml"), """
                name: fleet-custom
                description: "the fleet simulator's custom workflow (a gate; a script, which is not idempotent)"
                steps:
                  - type: wait-onboarded
                  - name: hardware
                    type: check
                    gates: ["memory >= 8GiB", "fact cpu.count >= 4"]
                  - type: image
                    retries: 2
                    backoffSeconds: 10
                    compensate: {type: wipe}
                  - type: files
                  - type: script
                    parameters: {script: "echo hello from ${host}"}
                  - type: reboot
                  - type: wait-first-boot
                """);
        Files.writeString(inv.resolve("roles/fleet-node.yaml"), "name: fleet-node\ndescription: simulated nodes\nprofile: fleet-os\nworkflow: "
                + ("custom".equals(workflow) ? "fleet-custom" : workflow) + "\n");
        for (Node x : nodes) {
            Files.writeString(inv.resolve("hosts/" + x.name + ".yaml"), "name: " + x.name + "\nmacs:\n  - \"" + x.macText + "\"\nuuid: " + x.uuid
                    + "\nserial: " + x.serial + "\nrole: fleet-node\n");
        }
        long t0 = System.nanoTime();
        Http.Response r = rest("POST", "inventory/apply?dir=" + URLEncoder.encode(inv.toString(), StandardCharsets.UTF_8), null);
        if (r.status() / 100 != 2) throw new IOException("inventory apply: HTTP " + r.status() + ": " + r.text());
        log(String.format(Locale.ROOT, "registered %d hosts (role fleet-node, workflow %s) through the declarative inventory in %.2f s", n,
                "custom".equals(workflow) ? "fleet-custom" : workflow, (System.nanoTime() - t0) / 1e9));
    }

    private final class Kiln {
        long pid;
        double cpuStart, cpuOldAtKill, cpuNewAtUp;
        long hwmKb, hwmOldKb;
        long killedAt, upAgainAt;
        boolean killed;

        void readPid() throws IOException {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        }

        double cpu() {
            try {
                String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in USER_HZ (100)
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        long hwm() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
            return 0;
        }

        /** kill -9 of the JVM, then the restart command (bench/fleet's: bin/karaf server again on the same data/). */
        void killAndRestart() {
            cpuOldAtKill = cpu();
            hwmOldKb = hwm();
            killedAt = System.currentTimeMillis();
            log("kill -9 of Kiln's JVM (pid " + pid + ") with " + runningNodes + " of " + n + " nodes RUNNING");
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log("Kiln's JVM did not end within 30 s: " + e);
                }
            });
            try {
                Process p = new ProcessBuilder(restartCmd.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("restart.log").toFile())).start();
                int rc = p.waitFor();
                readPid();
                upAgainAt = System.currentTimeMillis();
                cpuNewAtUp = cpu();
                log(String.format(Locale.ROOT, "Kiln restarted (exit %d, new pid %d) %.1f s after the kill", rc, pid, (upAgainAt - killedAt) / 1000.0));
            } catch (IOException | InterruptedException e) {
                log("restart failed: " + e);
            }
        }
    }

    private void run() throws Exception {
        Kiln kiln = new Kiln();
        if (pidFile != null) kiln.readPid();
        kiln.cpuStart = kiln.cpu();
        register();
        double cpuAfterRegister = kiln.cpu();
        long t0 = System.currentTimeMillis();
        // killed from outside (Ctrl-C, SIGTERM): the figures so far, while Kiln still answers
        Thread hook = new Thread(() -> {
            if (reported.compareAndSet(false, true)) {
                log("interrupted: the figures so far");
                try {
                    report(t0, System.currentTimeMillis(), kiln, cpuAfterRegister - kiln.cpuStart,
                            kiln.killed ? (kiln.cpuOldAtKill - cpuAfterRegister) + kiln.cpu() : kiln.cpu() - cpuAfterRegister, Math.max(kiln.hwm(), kiln.hwmOldKb));
                } catch (Exception e) {
                    log("no report: " + e);
                }
            }
        }, "fleet-report");
        Runtime.getRuntime().addShutdownHook(hook);
        log("powering on " + n + " nodes" + (rampSeconds > 0 ? " over " + rampSeconds + " s" : " at once"));
        for (int i = 0; i < n; i++) {
            Node x = nodes[i];
            long at = rampSeconds > 0 ? (long) (i * rampSeconds * 1000 / n) : 0;
            if (at == 0) x.powerOn();
            else later(at, x::powerOn);
        }
        // watch: instances RUNNING, the kill, the end
        long lastLog = 0;
        Thread killer = null;
        while (true) {
            Thread.sleep(pollMs);
            long now = System.currentTimeMillis();
            try {
                int count = 0;
                for (Map<String, Object> i : restList("instances?current=RUNNING")) {
                    Node x = byName.get(String.valueOf(i.get("host")));
                    if (x != null) {
                        x.seenRunning(now);
                        count++;
                    }
                }
                runningNodes = count;
            } catch (IOException e) {
                // Kiln is down (the kill) or busy: the next poll tells
            }
            if (killAt > 0 && !kiln.killed && runningNodes >= killAt * n) {
                kiln.killed = true;
                killer = new Thread(kiln::killAndRestart, "fleet-kill");
                killer.start();
            }
            if (now - lastLog >= 10_000) {
                lastLog = now;
                log(String.format(Locale.ROOT, "t=%5.0f s: %d RUNNING, %d failed; %s", (now - t0) / 1000.0, runningNodes, failedNodes.get(), stages()));
            }
            if (runningNodes + failedNodes.get() >= n && (killer == null || !killer.isAlive())) break;
            if (pastDeadline()) {
                log("deadline reached");
                break;
            }
        }
        long end = System.currentTimeMillis();
        if (killer != null) killer.join();
        double cpuEnd = kiln.cpu();
        long hwm = Math.max(kiln.hwm(), kiln.hwmOldKb);
        double kilnCpu = kiln.killed ? (kiln.cpuOldAtKill - cpuAfterRegister) + cpuEnd : cpuEnd - cpuAfterRegister;
        if (reported.compareAndSet(false, true)) report(t0, end, kiln, cpuAfterRegister - kiln.cpuStart, kilnCpu, hwm);
    }

    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

    private String stages() {
        Map<String, Integer> m = new TreeMap<>();
        for (Node x : nodes) if (x.running < 0 && x.failure == null) m.merge(x.stage, 1, Integer::sum);
        return m.isEmpty() ? "" : m.toString();
    }

    @SuppressWarnings("unchecked")
    private void report(long t0, long end, Kiln kiln, double registerCpu, double kilnCpu, long hwmKb) throws IOException {
        // nodes that neither ran nor failed: why
        for (Node x : nodes) {
            if (x.running < 0 && x.failure == null) {
                stats.failed("not RUNNING at the end: " + x.stage + (x.lastError == null ? "" : " (last error: " + x.lastError + ")"));
            }
        }
        // Kiln's own record: each node's run, every step on its first attempt; leases, one MAC per address
        Map<String, Long> runStates = new TreeMap<>(), retriedSteps = new TreeMap<>();
        int runsSeen = 0, runsClean = 0;
        String runsProblem = null;
        try {
            Map<String, Object> all = restJson("workflow-runs");
            for (Map<String, Object> r : (List<Map<String, Object>>) all.get("items")) {
                if (!byName.containsKey(String.valueOf(r.get("host")))) continue;
                runsSeen++;
                String st = String.valueOf(r.get("state"));
                runStates.merge(st + ("SUCCEEDED".equals(st) ? "" : ": " + Node.clip(String.valueOf(r.get("reason")))), 1L, Long::sum);
                boolean clean = true;
                for (Map<String, Object> s : (List<Map<String, Object>>) r.get("steps")) {
                    int attempt = ((Number) s.get("attempt")).intValue();
                    if (attempt > 1) {
                        retriedSteps.merge(s.get("name") + " attempt " + attempt, 1L, Long::sum);
                        clean = false;
                    }
                }
                if (clean) runsClean++;
            }
        } catch (IOException | RuntimeException e) {
            runsProblem = e.toString();
        }
        Map<String, java.util.Set<String>> macsByIp = new HashMap<>();
        Map<String, java.util.Set<String>> ipsByMac = new HashMap<>();
        String leaseProblem = null;
        try {
            for (Map<String, Object> l : restList("leases")) {
                String mac = String.valueOf(l.get("mac")), ip = String.valueOf(l.get("ip")), state = String.valueOf(l.get("state"));
                if (!"BOUND".equals(state) && !"OFFERED".equals(state)) continue;
                macsByIp.computeIfAbsent(ip, k -> new java.util.TreeSet<>()).add(mac);
                ipsByMac.computeIfAbsent(mac, k -> new java.util.TreeSet<>()).add(ip);
            }
        } catch (IOException | RuntimeException e) {
            leaseProblem = e.toString();
        }
        long sharedIps = macsByIp.values().stream().filter(s -> s.size() > 1).count();
        long multiIpMacs = 0;
        for (Node x : nodes) if (ipsByMac.getOrDefault(x.macText, java.util.Set.of()).size() > 1) multiIpMacs++;
        int repeatedActions = 0;
        for (Node x : nodes) synchronized (x.actions) {
            for (String v : x.actions.values()) if (v.contains("+")) repeatedActions++;
        }

        double secs = (end - t0) / 1000.0;
        long running = java.util.Arrays.stream(nodes).filter(x -> x.running >= 0).count();
        long lastRunning = java.util.Arrays.stream(nodes).mapToLong(x -> x.running).max().orElse(-1);
        StringBuilder o = new StringBuilder();
        o.append(String.format(Locale.ROOT, "%nKiln fleet simulation: %d nodes, workflow %s, %s; %s, %d cores, load at end %s%n", n, workflow,
                killAt > 0 ? "kill -9 at " + (int) Math.round(killAt * 100) + " % RUNNING" : "no kill", Instant.now().toString().substring(0, 10),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim()));
        o.append(String.format(Locale.ROOT, "RUNNING: %d of %d in %.1f s (last one at %.1f s): %.1f nodes/s%n", running, n, secs,
                lastRunning < 0 ? 0 : (lastRunning - t0) / 1000.0, lastRunning < 0 ? 0 : running / ((lastRunning - t0) / 1000.0)));
        o.append(String.format(Locale.ROOT, "%-22s %7s %9s %9s %9s%n", "stage", "nodes", "p50 ms", "p99 ms", "max ms"));
        for (Stage s : Stage.values()) {
            long[] v = stats.summary(s);
            o.append(String.format(Locale.ROOT, "%-22s %7d %9d %9d %9d%n", s.label, v[0], v[1], v[2], v[3]));
        }
        o.append("failed nodes by reason: ").append(stats.failed.isEmpty() ? "none" : "").append('\n');
        Stats.sorted(stats.failed).forEach((k, v) -> o.append(String.format(Locale.ROOT, "  %6d  %s%n", v, k)));
        o.append("errors retried (as the agent / firmware would), by reason: ").append(stats.retried.isEmpty() ? "none" : "").append('\n');
        Stats.sorted(stats.retried).forEach((k, v) -> o.append(String.format(Locale.ROOT, "  %6d  %s%n", v, k)));
        o.append(String.format(Locale.ROOT, "DHCP: %d sent, %d received, %d retransmissions, %d NAKs; addresses ACKed to two MACs (client side): %d%n",
                dhcp.sent.sum(), dhcp.received.sum(), dhcp.retransmits.sum(), dhcp.naks.sum(), doubleLeases.size()));
        for (String d : doubleLeases.subList(0, Math.min(5, doubleLeases.size()))) o.append("  ").append(d).append('\n');
        o.append(leaseProblem != null ? "leases: cannot read: " + leaseProblem + "\n"
                : String.format(Locale.ROOT, "leases (GET /api/v1/leases): %d addresses held, %d held by two MACs, %d of the nodes' MACs hold two addresses%n",
                macsByIp.size(), sharedIps, multiIpMacs));
        o.append(runsProblem != null ? "workflow runs: cannot read: " + runsProblem + "\n"
                : String.format(Locale.ROOT, "workflow runs (GET /api/v1/workflow-runs): %d of %d nodes' runs; every step on attempt 1: %d; states %s%n",
                runsSeen, n, runsClean, runStates));
        if (!retriedSteps.isEmpty()) o.append("  steps past attempt 1: ").append(retriedSteps).append('\n');
        o.append(String.format(Locale.ROOT, "agent actions handed to a node twice under the same id: %d%n", repeatedActions));
        if (pidFile != null) {
            o.append(String.format(Locale.ROOT, "Kiln JVM: %.1f CPU-s for the run = %.2f CPU-s per node (registering the hosts: %.1f CPU-s more); peak RSS (VmHWM) %d MB%n",
                    kilnCpu, kilnCpu / n, registerCpu, hwmKb / 1024));
            if (kiln.killed) {
                o.append(String.format(Locale.ROOT, "  killed at %.1f s, serving again %.1f s later; the restart's own start-up: %.1f CPU-s (in the figure above)%n",
                        (kiln.killedAt - t0) / 1000.0, (kiln.upAgainAt - kiln.killedAt) / 1000.0, kiln.cpuNewAtUp));
            }
        }
        o.append(String.format(Locale.ROOT, "simulator: %.1f CPU-s%n", selfCpu()));
        System.out.print(o);
        Files.writeString(work.resolve("result.txt"), o.toString());
    }

    private static double selfCpu() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static void log(String s) {
        System.err.printf("[%s] %s%n", java.time.LocalTime.now().withNano(0), s);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String k = args[i].substring(2);
            if (k.contains("=")) a.put(k.substring(0, k.indexOf('=')), k.substring(k.indexOf('=') + 1));
            else a.put(k, args[++i]);
        }
        new Fleet(a).run();
        System.exit(0);
    }
}
