package io.kiln.plugin.redfish.internal;

import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which {@code ResetType}s to try for a power action: the quirks' list for the action, in order, keeping those the
 * BMC allows ({@code ResetType@Redfish.AllowableValues}; all when it does not say). {@code ForceOff+On} stands for
 * ForceOff, wait until Off, then On, and needs both.
 */
public final class ResetPlan {
    public static final String FORCE_OFF_THEN_ON = io.kiln.plugin.redfish.RedfishQuirks.FORCE_OFF_THEN_ON;

    private ResetPlan() {
    }

    /**
     * @param configured the quirks' reset types for the action, in order
     * @param allowable  what the BMC allows, or null when it does not say
     * @return the candidates in order (possibly empty)
     */
    public static List<String> candidates(List<String> configured, Collection<String> allowable) {
        List<String> out = new ArrayList<>();
        for (String t : configured) {
            if (allowable == null) out.add(t);
            else if (t.equals(FORCE_OFF_THEN_ON)) {
                if (allowable.contains("ForceOff") && (allowable.contains("On") || allowable.contains("ForceOn"))) out.add(t);
            } else if (allowable.contains(t)) out.add(t);
        }
        return out;
    }

    /** The state the action ends in. */
    public static PowerState target(PowerAction action) {
        return switch (action) {
            case ON, CYCLE -> PowerState.ON;
            case OFF, GRACEFUL_OFF -> PowerState.OFF;
        };
    }

    /** Whether the action has nothing to do in this state (ON when on; OFF / GRACEFUL_OFF when off). */
    public static boolean alreadyThere(PowerAction action, PowerState now) {
        return switch (action) {
            case ON -> now == PowerState.ON;
            case OFF, GRACEFUL_OFF -> now == PowerState.OFF;
            case CYCLE -> false;
        };
    }

    /** A CYCLE of a server that is off is just On (no reset type restarts what is not running). */
    public static PowerAction effective(PowerAction action, PowerState now) {
        return action == PowerAction.CYCLE && now == PowerState.OFF ? PowerAction.ON : action;
    }

    /** Redfish's PowerState as the SPI's. */
    public static PowerState state(String redfish) {
        if (redfish == null) return PowerState.UNKNOWN;
        return switch (redfish) {
            case "On" -> PowerState.ON;
            case "Off" -> PowerState.OFF;
            case "PoweringOn" -> PowerState.POWERING_ON;
            case "PoweringOff" -> PowerState.POWERING_OFF;
            default -> PowerState.UNKNOWN;
        };
    }
}
