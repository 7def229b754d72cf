package io.kiln.api.fleet;

import io.kiln.api.inventory.OnboardingState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One site's hosts by current onboarding state.
 *
 * @param site   the site's name, or null for hosts without a site
 * @param total  its hosts
 * @param states hosts per state, every state present (0 too)
 */
public record SiteStates(String site, int total, Map<OnboardingState, Integer> states) {
    public SiteStates {
        EnumMap<OnboardingState, Integer> all = new EnumMap<>(OnboardingState.class);
        for (OnboardingState s : OnboardingState.values()) all.put(s, states == null ? 0 : states.getOrDefault(s, 0));
        states = Collections.unmodifiableMap(all);
    }
}
