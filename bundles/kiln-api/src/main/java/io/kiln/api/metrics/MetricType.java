package io.kiln.api.metrics;

/** The Prometheus types Kiln reports. */
public enum MetricType {
    /** Only goes up (until a restart); the name ends in {@code _total}. */
    COUNTER,
    /** A value now, up or down. */
    GAUGE,
    /** Observations in cumulative buckets, with their sum and count. */
    HISTOGRAM
}
