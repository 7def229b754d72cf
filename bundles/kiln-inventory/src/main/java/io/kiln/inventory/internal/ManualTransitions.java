package io.kiln.inventory.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.OnboardingState;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which current onboarding state an operator may set by hand (kiln:host-state --current, PUT
 * /api/v1/hosts/{name}/status) from the one a host has. Kiln's own writes (onboarding, the workflow engine) are not
 * held to it: QUARANTINED is a workflow's verdict (a failed gate, with its reason, which revoked the host's
 * credentials), entered and left through the workflow, or the engine would put it back; ONBOARDING is a passing state
 * nothing waits on.
 */
final class ManualTransitions {
    private ManualTransitions() {
    }

    /** The states a host in {@code from} may be given by hand (besides its own, which changes nothing). */
    static Set<OnboardingState> from(OnboardingState from) {
        return switch (from) {
            // installed or adopted by hand, or broken
            case REGISTERED -> EnumSet.of(OnboardingState.ONBOARDED, OnboardingState.ERROR);
            case ONBOARDING -> EnumSet.of(OnboardingState.REGISTERED, OnboardingState.ONBOARDED, OnboardingState.ERROR);
            // forgotten (it must onboard again), or broken
            case ONBOARDED -> EnumSet.of(OnboardingState.REGISTERED, OnboardingState.ERROR);
            case ERROR -> EnumSet.of(OnboardingState.REGISTERED, OnboardingState.ONBOARDED);
            case QUARANTINED -> EnumSet.noneOf(OnboardingState.class);
        };
    }

    /** @throws KilnException CONFLICT naming the states that may be set instead, and how to get to the one asked */
    static void check(String host, OnboardingState from, OnboardingState to) {
        if (from == to || from(from).contains(to)) return;
        String allowed = from(from).stream().map(OnboardingState::name).collect(Collectors.joining(", "));
        String how = from == OnboardingState.QUARANTINED
                ? "a quarantined host leaves quarantine through its workflow: kiln:host-release " + host + " (POST /api/v1/workflow-runs/" + host + "/release)"
                : to == OnboardingState.QUARANTINED
                ? "QUARANTINED is a workflow's verdict when a gate fails; to stop Kiln acting on the host: kiln:host-detach " + host
                : "ONBOARDING is Kiln's own passing state";
        throw KilnException.conflict("host '" + host + "' is " + from + ": by hand its current state can become " + (allowed.isEmpty() ? "nothing else" : allowed)
                + ", not " + to + " (" + how + ")");
    }
}
