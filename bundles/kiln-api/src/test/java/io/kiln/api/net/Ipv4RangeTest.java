package io.kiln.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4RangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.7.0.100-10.7.0.199 | 10.7.0.100-10.7.0.199 | 100", "10.7.0.5-10.7.0.5 | 10.7.0.5-10.7.0.5 | 1",
            "10.7.0.100 - 10.7.0.199 | 10.7.0.100-10.7.0.199 | 100", "10.0.255.250-10.1.0.5 | 10.0.255.250-10.1.0.5 | 12",
            "0.0.0.0-255.255.255.255 | 0.0.0.0-255.255.255.255 | 4294967296", "10.5.0.90-10.5.0.80 | 10.5.0.90-10.5.0.80 | 0"})
    void firstDashLastParses(String text, String canonical, long size) {
        Ipv4Range r = Ipv4Range.parse(text);
        assertEquals(canonical, r.toString());
        assertEquals(size, r.size());
        assertEquals(size == 0, r.isEmpty());
        assertTrue(Ipv4Range.isValid(text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10.7.0.100", "10.7.0.100-", "-10.7.0.199", "10.7.0.100-10.7.0.199-10.7.0.250", "10.7.0.100..10.7.0.199",
            "10.7.0.100-199", "10.7.0.0/24", "010.7.0.100-10.7.0.199", "10.7.0.100-10.7.0.256", "10.7.0.100–10.7.0.199", "-"})
    void badSpellingsAreRefusedAndNamed(String bad) {
        assertFalse(Ipv4Range.isValid(bad));
        KilnException e = assertThrows(KilnException.class, () -> Ipv4Range.parse(bad));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("not an IPv4 range: '" + bad + "'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"10.7.0.100, true", "10.7.0.199, true", "10.7.0.150, true", "10.7.0.99, false", "10.7.0.200, false", "200.7.0.150, false"})
    void containsAnAddress(String ip, boolean inside) {
        Ipv4Range r = Ipv4Range.parse("10.7.0.100-10.7.0.199");
        assertEquals(inside, r.contains(Ipv4Address.parse(ip)));
        assertEquals(inside, r.contains(Ipv4Address.toInt(ip)));
    }

    @ParameterizedTest
    @CsvSource({"10.7.0.1-10.7.0.254, true", "10.7.0.0-10.7.0.254, false", "10.7.0.1-10.7.0.255, false", "10.7.0.100-10.7.1.5, false",
            "10.6.255.250-10.7.0.5, false", "10.7.0.9-10.7.0.8, true"})
    void insideTheHostsOfANetwork(String range, boolean inside) {
        assertEquals(inside, Ipv4Range.parse(range).isInsideHostsOf(Ipv4Network.parse("10.7.0.0/24")));
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1-10.0.0.10, 10.0.0.10-10.0.0.20, true", "10.0.0.1-10.0.0.10, 10.0.0.11-10.0.0.20, false",
            "10.0.0.5-10.0.0.6, 10.0.0.1-10.0.0.20, true", "10.0.0.1-10.0.0.10, 10.0.0.9-10.0.0.2, false"})
    void overlaps(String a, String b, boolean overlap) {
        assertEquals(overlap, Ipv4Range.parse(a).overlaps(Ipv4Range.parse(b)));
        assertEquals(overlap, Ipv4Range.parse(b).overlaps(Ipv4Range.parse(a)));
    }

    @Test
    void endsAreRequired() {
        assertThrows(KilnException.class, () -> new Ipv4Range(null, Ipv4Address.ANY));
    }
}
