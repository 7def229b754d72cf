/**
 * Figures for monitoring: each subsystem registers a {@link io.kiln.api.metrics.MetricSource} service; kiln-web
 * renders them all at {@code GET /metrics} in the Prometheus text format.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.metrics;
