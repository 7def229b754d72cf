package io.kiln.api.status;

import java.time.Instant;

/**
 * One subsystem (store, inventory, DHCP, TFTP, ...) as the appliance sees it now.
 *
 * @param name   short name, e.g. {@code tftp}
 * @param state  up, degraded (some of it runs) or down
 * @param reason why it is not up, in one line an operator can act on; empty when up
 * @param since  when it entered this state (as far as this appliance has watched it)
 */
public record SubsystemStatus(String name, State state, String reason, Instant since) {
    /** How a subsystem stands. */
    public enum State { UP, DEGRADED, DOWN }

    public SubsystemStatus {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name is required");
        if (state == null) throw new IllegalArgumentException("state is required");
        reason = reason == null ? "" : reason;
    }
}
