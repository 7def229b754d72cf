package io.kiln.api.inventory;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Kiln observes about a host, kept apart from what the operator declares (the rest of {@link Host}) and
 * written apart ({@link Inventory#saveStatus(HostStatus, long)}) with its own version: an agent's report never
 * conflicts with an operator's edit, a spec write never changes it, and GitOps never reads or writes it.
 *
 * @param host         host name
 * @param currentState onboarding state now (default REGISTERED)
 * @param hardware     discovered hardware facts (free key/values)
 */
public record HostStatus(String host, OnboardingState currentState, Map<String, String> hardware) {
    public HostStatus {
        host = Names.require("host name", host);
        currentState = currentState == null ? OnboardingState.REGISTERED : currentState;
        hardware = hardware == null ? Map.of() : Map.copyOf(new TreeMap<>(hardware));
    }

    /** The status of a host Kiln has observed nothing of yet. */
    public static HostStatus initial(String host) {
        return new HostStatus(host, null, null);
    }

    /** True when nothing has been observed (REGISTERED, no hardware). */
    public boolean isInitial() {
        return currentState == OnboardingState.REGISTERED && hardware.isEmpty();
    }

    public HostStatus withCurrentState(OnboardingState state) {
        return new HostStatus(host, state, hardware);
    }

    public HostStatus withHardware(Map<String, String> facts) {
        return new HostStatus(host, currentState, facts);
    }
}
