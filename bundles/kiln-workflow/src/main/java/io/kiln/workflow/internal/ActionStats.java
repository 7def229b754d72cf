package io.kiln.workflow.internal;

import io.kiln.api.metrics.HistogramSample;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each attempt of a workflow action the engine ended, by action and outcome, with how long it ran from its start to
 * its outcome: for {@code /metrics}. Kept in memory since the engine started (Prometheus handles the reset).
 */
final class ActionStats {
    /** Upper bounds in seconds: from appliance actions (milliseconds) to writing an image or waiting for a reboot. */
    static final double[] BOUNDS = {0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};

    private record Key(String action, String outcome) {
    }

    /** One label set's buckets (not cumulative), sum and count; guarded by itself. */
    private static final class Buckets {
        final long[] counts = new long[BOUNDS.length];
        double sum;
        long count;
    }

    private final Map<Key, Buckets> byKey = new ConcurrentHashMap<>();

    /**
     * @param action  the step's type, e.g. {@code image}
     * @param outcome how the attempt ended
     * @param took    from the attempt's start to its outcome (negative is taken as 0)
     */
    void record(String action, Outcome.Kind outcome, Duration took) {
        double seconds = Math.max(0, took.toNanos() / 1e9);
        Buckets b = byKey.computeIfAbsent(new Key(action, outcome.name().toLowerCase(Locale.ROOT)), k -> new Buckets());
        synchronized (b) {
            for (int i = 0; i < BOUNDS.length; i++) {
                if (seconds <= BOUNDS[i]) {
                    b.counts[i]++;
                    break;
                }
            }
            b.sum += seconds;
            b.count++;
        }
    }

    List<MetricFamily> families() {
        List<Sample> totals = new ArrayList<>();
        List<HistogramSample> histograms = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (double d : BOUNDS) bounds.add(d);
        byKey.forEach((k, b) -> {
            Map<String, String> labels = Map.of("action", k.action(), "outcome", k.outcome());
            List<Long> cumulative = new ArrayList<>();
            synchronized (b) {
                long running = 0;
                for (long c : b.counts) cumulative.add(running += c);
                totals.add(new Sample(labels, b.count));
                histograms.add(new HistogramSample(labels, bounds, cumulative, b.sum, b.count));
            }
        });
        return List.of(
                MetricFamily.counter("kiln_workflow_actions_total", "attempts of workflow actions ended, by action and outcome", totals),
                MetricFamily.histogram("kiln_workflow_action_duration_seconds", "how long each attempt of a workflow action ran, by action"
                        + " and outcome", histograms));
    }
}
