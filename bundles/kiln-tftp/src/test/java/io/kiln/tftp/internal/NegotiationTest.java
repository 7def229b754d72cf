package io.kiln.tftp.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class NegotiationTest {

    @Test
    void atftpBlksizeAndWindowsizeAreAcceptedInTheClientsOrder() {
        Negotiation n = Negotiation.of(ordered("blksize", "1468", "windowsize", "16"), 1000, 65464, 2);
        assertEquals(1468, n.blksize());
        assertEquals(16, n.windowsize());
        assertEquals(2, n.timeoutSeconds());
        assertEquals(List.of("blksize", "windowsize"), List.copyOf(n.acknowledged().keySet()));
        assertEquals("16", n.acknowledged().get("windowsize"));
    }

    @Test
    void tsizeIsAnsweredWithTheRealSize() {
        Negotiation n = Negotiation.of(ordered("tsize", "0", "blksize", "1468"), 3_145_728, 65464, 2);
        assertEquals(Map.of("tsize", "3145728", "blksize", "1468"), n.acknowledged());
    }

    @Test
    void blksizeIsCappedByTheServer() {
        Negotiation n = Negotiation.of(ordered("blksize", "65464"), 1000, 1468, 2);
        assertEquals(1468, n.blksize());
        assertEquals("1468", n.acknowledged().get("blksize"));
    }

    @Test
    void invalidAndUnknownOptionsAreIgnoredAndNotEchoed() {
        Negotiation n = Negotiation.of(ordered("blksize", "4", "multicast", "", "windowsize", "0", "timeout", "300",
                "rollover", "0"), 1000, 65464, 3);
        assertFalse(n.sendsOack());
        assertEquals(512, n.blksize());
        assertEquals(1, n.windowsize());
        assertEquals(3, n.timeoutSeconds());
    }

    @Test
    void timeoutOptionOverridesTheDefault() {
        Negotiation n = Negotiation.of(ordered("timeout", "1"), 1000, 65464, 2);
        assertEquals(1, n.timeoutSeconds());
        assertEquals(Map.of("timeout", "1"), n.acknowledged());
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
