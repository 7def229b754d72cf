package io.kiln.plugin.redfish.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * When a request is tried again and after how long: on 503, on a dropped connection, and on the {@code MessageId}s a
 * vendor documents as "busy"; the wait doubles from {@link #BASE} up to {@link #MAX}, or is what the BMC's
 * {@code Retry-After} asks (capped at {@link #MAX_RETRY_AFTER}).
 */
public final class Retries {
    public static final Duration BASE = Duration.ofMillis(250);
    public static final Duration MAX = Duration.ofSeconds(4);
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private Retries() {
    }

    /** Whether an answer with this status and these MessageIds is worth trying again. */
    public static boolean retryable(int status, Collection<String> messageIds, Set<String> busyIds) {
        if (status == 503) return true;
        if (status < 400 || status == 401 || status == 412) return false;
        return messageIds.stream().anyMatch(id -> matches(id, busyIds));
    }

    /**
     * Whether a MessageId ({@code Registry.Major.Minor.Key}, e.g. {@code IDRAC.2.8.SYS518}) is one of the entries:
     * the full id, the registry and key ({@code IDRAC.SYS518}), or the key alone ({@code SYS518}); case-insensitive.
     */
    public static boolean matches(String messageId, Set<String> entries) {
        if (messageId == null || messageId.isBlank()) return false;
        String[] parts = messageId.trim().split("\\.");
        String key = parts[parts.length - 1];
        String registryAndKey = parts.length > 1 ? parts[0] + "." + key : key;
        for (String e : entries) {
            if (e.equalsIgnoreCase(messageId.trim()) || e.equalsIgnoreCase(key) || e.equalsIgnoreCase(registryAndKey)) return true;
        }
        return false;
    }

    /**
     * How long to wait before try number {@code attempt + 1} (attempt counts from 1).
     *
     * @param retryAfter the BMC's {@code Retry-After} header (seconds or an HTTP date), or null
     */
    public static Duration delay(int attempt, String retryAfter, Instant now) {
        Duration asked = retryAfter(retryAfter, now);
        if (asked != null) return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
        long ms = BASE.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(ms, MAX.toMillis()));
    }

    /** The wait a {@code Retry-After} header asks for (never negative), or null when absent or unreadable. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        if (h.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(h));
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
