package io.kiln.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The whole appliance: version, uptime and every subsystem.
 *
 * @param version    Kiln's version
 * @param started    when this appliance started
 * @param uptime     how long it has run
 * @param ready      whether it serves its core (store, inventory, boot over HTTP): what a monitoring system's
 *                   readiness probe asks
 * @param subsystems every subsystem, in a fixed order
 */
public record ApplianceStatus(String version, Instant started, Duration uptime, boolean ready, List<SubsystemStatus> subsystems) {
    public ApplianceStatus {
        subsystems = subsystems == null ? List.of() : List.copyOf(subsystems);
    }

    /** UP when every subsystem is, DOWN when not ready, DEGRADED otherwise. */
    public SubsystemStatus.State overall() {
        if (!ready) return SubsystemStatus.State.DOWN;
        return subsystems.stream().allMatch(s -> s.state() == SubsystemStatus.State.UP) ? SubsystemStatus.State.UP
                : SubsystemStatus.State.DEGRADED;
    }
}
