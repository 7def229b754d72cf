package io.kiln.bench.fleet;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-stage durations of every node (milliseconds), and counters of what went wrong, by reason. */
final class Stats {
    enum Stage {
        DHCP("DHCP (firmware)"), TFTP("TFTP loader"), DHCP_IPXE("DHCP (iPXE)"), SCRIPT("iPXE script"), ONBOARD("onboard"),
        WORKFLOW("workflow to RUNNING"), TOTAL("power-on to RUNNING");

        final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    private final long[][] ms;
    /** Errors a node retried past (the count of each), and what made nodes give up. */
    final Map<String, LongAdder> retried = new ConcurrentHashMap<>(), failed = new ConcurrentHashMap<>();

    Stats(int n) {
        ms = new long[Stage.values().length][n];
        for (long[] a : ms) Arrays.fill(a, -1);
    }

    void record(Stage s, int node, long millis) {
        ms[s.ordinal()][node] = millis;
    }

    long get(Stage s, int node) {
        return ms[s.ordinal()][node];
    }

    void retried(String reason) {
        retried.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void failed(String reason) {
        failed.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** count, p50, p99, max of a stage over the nodes that passed it. */
    long[] summary(Stage s) {
        long[] v = Arrays.stream(ms[s.ordinal()]).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) return new long[] {0, -1, -1, -1};
        return new long[] {v.length, pct(v, 0.50), pct(v, 0.99), v[v.length - 1]};
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static Map<String, Long> sorted(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
