package io.kiln.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 1 s doubling to 30 s, and from 1 s again after a reset. */
class BackoffTest {
    @Test
    void doublesUpToTheMaximumAndResets() {
        Backoff b = Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(30));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(b.current().toSeconds());
            b = b.next();
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), waits);
        assertEquals(Duration.ofSeconds(1), b.reset().current());
    }

    @Test
    void refusesAZeroFirstWaitOrAMaximumBelowIt() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.of(Duration.ZERO, Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.of(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }
}
