package io.kiln.api.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PciEntryTest {

    @Test
    void devicesRoundTripThroughTheHardwareFactsValue() {
        List<PciEntry> devices = List.of(new PciEntry("15B3", "101d", "0000:3b:00.0"), new PciEntry("10de", "2330", null));
        String value = PciEntry.format(devices);
        assertEquals("15b3:101d@0000:3b:00.0 10de:2330", value);
        assertEquals(devices, PciEntry.parse(value));
        assertEquals(devices, PciEntry.parse("  15b3:101d@0000:3b:00.0 \t 10de:2330 "));
        assertTrue(PciEntry.parse(null).isEmpty());
        assertEquals("pci", HardwareKeys.PCI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"15b3", "15b3:101", "15b3:101d:0000", "zzzz:101d@x", "15b3-101d"})
    void aBadEntryIsNamed(String entry) {
        KilnException e = assertThrows(KilnException.class, () -> PciEntry.parse("10de:2330 " + entry));
        assertTrue(e.getMessage().contains(entry.contains(":") && entry.split(":").length == 2 ? "PCI" : "'" + entry + "'"), e.getMessage());
    }
}
