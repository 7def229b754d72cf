package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MacSetTest {
    @Test
    void remembersForItsAgeAndStaysBoundedUnderAFlood() {
        MacSet s = new MacSet(10_000, 0);
        long real = MacSet.key("52:54:00:aa:bb:cc");
        assertEquals(0x525400aabbccL + 1, real);
        s.add(real, 0);
        assertTrue(s.contains(real, 9_000));
        // a flood of random MACs: the real one is still known while the table before holds it
        for (long i = 0; i < 60_000; i++) s.add(MacSet.key(String.format("02:00:00:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff)), 9_500);
        assertTrue(s.contains(real, 9_600));
        assertTrue(s.contains(MacSet.key("02:00:00:00:00:05"), 9_600));
        assertFalse(s.contains(MacSet.key("02:00:00:ff:00:05"), 9_600));
        // two ages later it is forgotten
        assertFalse(s.contains(real, 30_000));
    }
}
