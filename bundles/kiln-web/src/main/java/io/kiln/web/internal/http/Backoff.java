package io.kiln.web.internal.http;

import java.time.Duration;

/**
 * How long to wait before the next try: {@code first}, doubled after each try, at most {@code max}.
 *
 * @param first   the wait before the first try after a reset
 * @param max     the longest wait
 * @param current the wait before the next try
 */
public record Backoff(Duration first, Duration max, Duration current) {
    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + first + " and " + max);
        }
    }

    public static Backoff of(Duration first, Duration max) {
        return new Backoff(first, max, first);
    }

    /** After a try: twice the wait, at most {@code max}. */
    public Backoff next() {
        Duration doubled = current.multipliedBy(2);
        return new Backoff(first, max, doubled.compareTo(max) > 0 ? max : doubled);
    }

    /** After a success: from {@code first} again. */
    public Backoff reset() {
        return new Backoff(first, max, first);
    }
}
