package io.kiln.api.status;

/**
 * What a subsystem says of itself: its state and, when not up, the one line an operator can act on.
 *
 * @param state  up, degraded or down
 * @param reason why it is not up (empty when up); names the file, key and value when a setting is at fault
 */
public record Health(SubsystemStatus.State state, String reason) {
    private static final Health UP = new Health(SubsystemStatus.State.UP, "");

    public Health {
        if (state == null) throw new IllegalArgumentException("state is required");
        reason = reason == null ? "" : reason;
    }

    public static Health up() {
        return UP;
    }

    public static Health degraded(String reason) {
        return new Health(SubsystemStatus.State.DEGRADED, reason);
    }

    public static Health down(String reason) {
        return new Health(SubsystemStatus.State.DOWN, reason);
    }
}
