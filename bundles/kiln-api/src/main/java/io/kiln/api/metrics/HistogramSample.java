package io.kiln.api.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One histogram of a histogram family: how many observations fell at or below each upper bound (cumulative, as
 * Prometheus counts them; the {@code +Inf} bucket is {@code count}).
 *
 * @param labels      its label names and values (sorted), empty for none
 * @param upperBounds the buckets' upper bounds, ascending, without +Inf
 * @param cumulative  for each bound, the observations at or below it
 * @param sum         the sum of all observations
 * @param count       how many observations
 */
public record HistogramSample(Map<String, String> labels, List<Double> upperBounds, List<Long> cumulative, double sum, long count) {

    public HistogramSample {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        upperBounds = List.copyOf(upperBounds);
        cumulative = List.copyOf(cumulative);
        if (upperBounds.size() != cumulative.size()) throw new IllegalArgumentException("one cumulative count per bound");
    }
}
