package io.kiln.plugin.redfish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetriesTest {
    static final Set<String> BUSY = Set.of("SYS518", "IDRAC.JCP001", "iLO.2.15.ResetInProgress");

    @ParameterizedTest
    @CsvSource({
        "IDRAC.2.8.SYS518, true",       // key alone
        "IDRAC.2.9.JCP001, true",       // registry and key, any version
        "Other.1.0.JCP001, false",      // same key, another registry
        "iLO.2.15.ResetInProgress, true",
        "iLO.2.16.ResetInProgress, false", // a full id matches that version only
        "Base.1.8.Success, false",
        "sys518, true",
    })
    void messageIdsMatchByKeyRegistryOrFullId(String id, boolean matches) {
        assertEquals(matches, Retries.matches(id, BUSY));
    }

    @Test
    void whatIsRetried() {
        assertTrue(Retries.retryable(503, List.of(), Set.of()));
        assertFalse(Retries.retryable(500, List.of(), Set.of()));
        assertTrue(Retries.retryable(500, List.of("IDRAC.2.8.SYS518"), BUSY), "a documented busy id on an error");
        assertFalse(Retries.retryable(200, List.of("IDRAC.2.8.SYS518"), BUSY), "never a success");
        assertFalse(Retries.retryable(401, List.of("IDRAC.2.8.SYS518"), BUSY), "401 is the login's business");
        assertFalse(Retries.retryable(412, List.of("IDRAC.2.8.SYS518"), BUSY), "412 is the ETag's business");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofMillis(250), Retries.delay(1, null, now));
        assertEquals(Duration.ofMillis(500), Retries.delay(2, null, now));
        assertEquals(Duration.ofMillis(1000), Retries.delay(3, null, now));
        assertEquals(Retries.MAX, Retries.delay(9, null, now));
        assertEquals(Retries.MAX, Retries.delay(60, null, now));
    }

    @Test
    void retryAfterInSecondsOrAsADateWinsButIsCapped() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofSeconds(2), Retries.delay(1, "2", now));
        assertEquals(Duration.ZERO, Retries.delay(1, "0", now));
        assertEquals(Retries.MAX_RETRY_AFTER, Retries.delay(1, "3600", now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(3).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(3), Retries.delay(1, date, now));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ZERO, Retries.retryAfter(past, now));
        assertNull(Retries.retryAfter("soon", now));
        assertEquals(Duration.ofMillis(500), Retries.delay(2, "soon", now), "an unreadable header: the usual backoff");
    }
}
