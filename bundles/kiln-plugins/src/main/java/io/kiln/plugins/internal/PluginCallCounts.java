package io.kiln.plugins.internal;

import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Calls into plugins by plugin and outcome, for {@code /metrics}; kept by the registry, so a plugin's update keeps its counts. */
final class PluginCallCounts {
    /** How a call ended. */
    enum Outcome { OK, FAILED, TIMEOUT, BUSY, UNAVAILABLE }

    private record Key(String plugin, Outcome outcome) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String plugin, Outcome outcome) {
        counts.computeIfAbsent(new Key(plugin, outcome), k -> new LongAdder()).increment();
    }

    long get(String plugin, Outcome outcome) {
        LongAdder n = counts.get(new Key(plugin, outcome));
        return n == null ? 0 : n.sum();
    }

    List<MetricFamily> families() {
        List<Sample> samples = new ArrayList<>();
        counts.forEach((k, n) -> samples.add(new Sample(Map.of("plugin", k.plugin(), "outcome", k.outcome().name().toLowerCase(java.util.Locale.ROOT)),
                n.sum())));
        return List.of(MetricFamily.counter("kiln_plugin_calls_total", "calls into hardware plugins by plugin and outcome (ok; failed: the"
                + " plugin threw or answered null; timeout; busy: no call slot free; unavailable: the plugin was being removed)", samples));
    }
}
