package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kiln.api.KilnException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Every call through a plugin's threads is counted once, by how it ended. */
class PluginCallCountsTest {

    @Test
    void okFailedTimeoutAndBusyCalls() throws Exception {
        PluginCallCounts counts = new PluginCallCounts();
        PluginCalls calls = new PluginCalls("p", 1, counts);
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertEquals("on", calls.call("h", "power state", Duration.ofSeconds(5), () -> "on"));
            assertThrows(KilnException.class, () -> calls.call("h", "power state", Duration.ofSeconds(5), () -> {
                throw new IllegalStateException("BMC said no");
            }));
            assertThrows(KilnException.class, () -> calls.call("h", "power state", Duration.ofSeconds(5), () -> null));
            // a hung call times out and keeps the only slot, so the next is refused at once
            assertThrows(KilnException.class, () -> calls.call("h", "power state", Duration.ofMillis(50), () -> {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // a hung plugin ignores the interrupt
                    }
                }
                return "late";
            }));
            assertThrows(KilnException.class, () -> calls.call("h", "power state", Duration.ofSeconds(5), () -> "on"));
        } finally {
            release.countDown();
            calls.interrupt();
        }
        assertEquals(1, counts.get("p", PluginCallCounts.Outcome.OK));
        assertEquals(2, counts.get("p", PluginCallCounts.Outcome.FAILED));
        assertEquals(1, counts.get("p", PluginCallCounts.Outcome.TIMEOUT));
        assertEquals(1, counts.get("p", PluginCallCounts.Outcome.BUSY));
        assertEquals(5, counts.families().get(0).samples().stream().mapToDouble(s -> s.value()).sum());
    }
}
