package io.kiln.api.metrics;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A subsystem's figures for {@code GET /metrics}, registered as a service by the bundle that counts them. Names are
 * Prometheus names ({@code kiln_dhcp_requests_total}); a name belongs to one source.
 */
@ConsumerType
public interface MetricSource {

    /**
     * Now. Called on every scrape: must be cheap and never block (read counters, do not query a database).
     *
     * @return the families, each with its samples
     */
    List<MetricFamily> metrics();
}
