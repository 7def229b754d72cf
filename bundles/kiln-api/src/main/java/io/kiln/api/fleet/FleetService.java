package io.kiln.api.fleet;

import org.osgi.annotation.versioning.ProviderType;

/** The fleet summary: {@code GET /api/v1/fleet} and {@code kiln:fleet} ask it. */
@ProviderType
public interface FleetService {
    /**
     * Now: from the inventory's memory, the events kept in memory and the counters (no scan of the event table).
     *
     * @param failures how many recent failure events to list (1..100)
     * @param attention how many hosts in ERROR or QUARANTINED to list (1..1000; {@link FleetSummary#attentionTotal} counts all)
     * @throws io.kiln.api.KilnException INVALID for a count out of range, UNAVAILABLE while the inventory is not loaded
     */
    FleetSummary summary(int failures, int attention);
}
