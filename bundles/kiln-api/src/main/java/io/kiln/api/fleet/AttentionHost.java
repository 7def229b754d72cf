package io.kiln.api.fleet;

import io.kiln.api.inventory.OnboardingState;
import java.time.Instant;

/**
 * A host that needs an operator (ERROR or QUARANTINED).
 *
 * @param name   the host
 * @param site   its site, or null
 * @param state  ERROR or QUARANTINED
 * @param reason the detail of its newest failure event (what failed and why), or null when its timeline has none
 * @param since  when that event happened, or null
 */
public record AttentionHost(String name, String site, OnboardingState state, String reason, Instant since) {
}
