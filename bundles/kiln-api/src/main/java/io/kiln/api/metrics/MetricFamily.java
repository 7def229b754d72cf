package io.kiln.api.metrics;

import java.util.List;

/**
 * One metric and its samples: counters and gauges have {@code samples}, histograms {@code histograms}.
 *
 * @param name       the Prometheus name, e.g. {@code kiln_tftp_bytes_sent_total}
 * @param help       one line for {@code # HELP}
 * @param type       its type
 * @param samples    a counter's or gauge's values, one per label set
 * @param histograms a histogram's values, one per label set
 */
public record MetricFamily(String name, String help, MetricType type, List<Sample> samples, List<HistogramSample> histograms) {

    public MetricFamily {
        samples = samples == null ? List.of() : List.copyOf(samples);
        histograms = histograms == null ? List.of() : List.copyOf(histograms);
    }

    public static MetricFamily counter(String name, String help, List<Sample> samples) {
        return new MetricFamily(name, help, MetricType.COUNTER, samples, List.of());
    }

    public static MetricFamily gauge(String name, String help, List<Sample> samples) {
        return new MetricFamily(name, help, MetricType.GAUGE, samples, List.of());
    }

    public static MetricFamily histogram(String name, String help, List<HistogramSample> histograms) {
        return new MetricFamily(name, help, MetricType.HISTOGRAM, List.of(), histograms);
    }
}
