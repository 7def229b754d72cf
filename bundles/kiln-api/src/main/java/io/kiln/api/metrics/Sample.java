package io.kiln.api.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One value of a counter or gauge family.
 *
 * @param labels its label names and values (sorted), empty for none
 * @param value  the value
 */
public record Sample(Map<String, String> labels, double value) {

    public Sample {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** A sample without labels. */
    public static Sample of(double value) {
        return new Sample(Map.of(), value);
    }

    /** A sample with one label. */
    public static Sample of(String label, String labelValue, double value) {
        return new Sample(Map.of(label, labelValue), value);
    }
}
