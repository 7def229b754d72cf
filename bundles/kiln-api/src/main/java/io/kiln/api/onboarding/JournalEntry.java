package io.kiln.api.onboarding;

import java.time.Instant;

/**
 * One thing that happened to a host, as {@code kiln:host-show} prints its path.
 *
 * @param at     when
 * @param event  what, one word (onboarded, action-started, action-done, action-failed, instance, first-boot, ...)
 * @param detail the details, in words for an operator
 */
public record JournalEntry(Instant at, String event, String detail) {
}
