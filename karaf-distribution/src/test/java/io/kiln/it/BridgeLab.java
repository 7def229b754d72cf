package io.kiln.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One network namespace the test creates with a bridge (br0, 10.213.N.1/24) and tap devices on it for QEMU virtual
 * machines: Kiln serves on the bridge, the VMs' NICs are the taps. Nothing leaves the namespace.
 *
 * <p>Every process started through {@link #spawn} is remembered and ended by its PID on {@link #close}, which also
 * ends, by PID, whatever else still runs inside the namespace, then deletes it.
 */
final class BridgeLab implements AutoCloseable {
    final String ns, bridge = "br0", prefix, serverIp;
    private final List<Process> processes = new ArrayList<>();

    BridgeLab(String tag, int subnet) {
        this.ns = "kiln-" + tag;
        this.prefix = "10.213." + subnet + ".";
        this.serverIp = prefix + "1";
        close(); // leftovers of an aborted earlier run
        Exec.must(10, "ip", "netns", "add", ns);
        Exec.must(10, "ip", "-n", ns, "link", "set", "lo", "up");
        Exec.must(10, "ip", "-n", ns, "link", "add", bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0");
        Exec.must(10, "ip", "-n", ns, "addr", "add", serverIp + "/24", "dev", bridge);
        Exec.must(10, "ip", "-n", ns, "link", "set", bridge, "up");
    }

    /** Adds a tap device to the bridge for one VM NIC (QEMU opens it by name). */
    String tap(String name) {
        Exec.must(10, "ip", "-n", ns, "tuntap", "add", "dev", name, "mode", "tap");
        Exec.must(10, "ip", "-n", ns, "link", "set", name, "master", bridge);
        Exec.must(10, "ip", "-n", ns, "link", "set", name, "up");
        return name;
    }

    /** Runs a command inside the namespace to completion. */
    Exec.Result run(int timeoutSeconds, String... cmd) {
        return Exec.run(timeoutSeconds, null, NetworkLab.inNs(ns, cmd));
    }

    /**
     * Starts a long-running command inside the namespace, output to {@code log}. {@code ip netns exec} execs the
     * command, so the returned process (and its PID) is the command itself.
     */
    Process spawn(Path log, String... cmd) throws IOException {
        Process p = new ProcessBuilder(NetworkLab.inNs(ns, cmd)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** Ends a process started here: SIGTERM, then SIGKILL after 3 s. */
    static void kill(Process p) {
        if (p == null) return;
        try {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        List<Process> ps;
        synchronized (processes) {
            ps = new ArrayList<>(processes);
            processes.clear();
        }
        ps.forEach(BridgeLab::kill);
        // anything else still in the namespace was started by this test (e.g. a Karaf that did not stop): end it by PID
        for (int round = 0; round < 2; round++) {
            Exec.Result pids = Exec.run(10, "ip", "netns", "pids", ns);
            if (!pids.ok() || pids.out().isBlank()) break;
            for (String pid : pids.out().trim().split("\\s+")) {
                if (pid.matches("\\d+")) Exec.run(5, "kill", round == 0 ? "-TERM" : "-KILL", pid);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Exec.run(10, "ip", "netns", "del", ns);
    }
}
