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

class Ipv4NetworkTest {

    @ParameterizedTest
    @CsvSource({"10.20.0.0/24, 255.255.255.0, 10.20.0.255, 256", "0.0.0.0/0, 0.0.0.0, 255.255.255.255, 4294967296",
            "10.0.0.0/8, 255.0.0.0, 10.255.255.255, 16777216", "192.168.1.4/30, 255.255.255.252, 192.168.1.7, 4",
            "172.16.0.0/12, 255.240.0.0, 172.31.255.255, 1048576", "10.0.0.7/32, 255.255.255.255, 10.0.0.7, 1"})
    void strictCidrParsesWithItsMaskBroadcastAndSize(String cidr, String netmask, String broadcast, long size) {
        Ipv4Network n = Ipv4Network.parse(cidr);
        assertEquals(cidr, n.toString());
        assertEquals(netmask, n.netmask().toString());
        assertEquals(broadcast, n.broadcast().toString());
        assertEquals(size, n.size());
        assertTrue(Ipv4Network.isValid(cidr));
        assertFalse(Ipv4Network.hasHostBits(cidr));
        assertEquals(n, Ipv4Network.parseNormalised(cidr));
    }

    @ParameterizedTest
    @CsvSource({"10.20.0.5/24, 10.20.0.0/24", "10.0.0.5/0, 0.0.0.0/0", "192.168.1.6/30, 192.168.1.4/30", "10.255.1.1/8, 10.0.0.0/8"})
    void hostBitsAreRefusedByParseAndClearedByParseNormalised(String cidr, String network) {
        assertTrue(Ipv4Network.hasHostBits(cidr));
        assertFalse(Ipv4Network.isValid(cidr));
        assertTrue(Ipv4Network.tryParse(cidr).isEmpty());
        KilnException e = assertThrows(KilnException.class, () -> Ipv4Network.parse(cidr));
        assertEquals("'" + cidr + "' has host bits set: the network is " + network, e.getMessage());
        assertEquals(network, Ipv4Network.parseNormalised(cidr).toString());
        assertEquals(network, Ipv4Network.tryParseNormalised(cidr).orElseThrow().toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10.20.0.0", "10.20.0.0/", "/24", "10.20.0.0/33", "10.20.0.0/-1", "10.20.0.0/+8", "10.20.0.0/08",
            "10.20.0.0/100", "10.20.0.0/ 24", " 10.20.0.0/24", "10.20.0.0/24 ", "10.20.0/24", "10.20.0.0.0/24", "010.20.0.0/24",
            "256.0.0.0/8", "10.20.0.0/24/1", "10.20.0.0/255.255.255.0", "10.20.0.0/x", "10.20.0.0\\24"})
    void badSpellingsAreRefusedAndNamed(String bad) {
        assertFalse(Ipv4Network.isValid(bad));
        assertFalse(Ipv4Network.hasHostBits(bad));
        assertTrue(Ipv4Network.tryParseNormalised(bad).isEmpty());
        KilnException e = assertThrows(KilnException.class, () -> Ipv4Network.parseNormalised(bad));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("not an IPv4 network: '" + bad + "'"), e.getMessage());
        assertThrows(KilnException.class, () -> Ipv4Network.parse(bad));
    }

    @ParameterizedTest
    @CsvSource({"10.20.0.0/24, 10.20.0.0, true", "10.20.0.0/24, 10.20.0.255, true", "10.20.0.0/24, 10.20.1.0, false",
            "10.20.0.0/24, 10.19.255.255, false", "0.0.0.0/0, 255.255.255.255, true", "10.0.0.7/32, 10.0.0.7, true",
            "10.0.0.7/32, 10.0.0.8, false", "128.0.0.0/1, 200.1.2.3, true", "128.0.0.0/1, 127.255.255.255, false"})
    void containsAnAddress(String cidr, String ip, boolean inside) {
        Ipv4Network n = Ipv4Network.parse(cidr);
        assertEquals(inside, n.contains(Ipv4Address.parse(ip)));
        assertEquals(inside, n.contains(Ipv4Address.toInt(ip)));
    }

    @Test
    void theConstructorKeepsItsInvariants() {
        assertEquals("10.20.0.0/24", Ipv4Network.containing(Ipv4Address.parse("10.20.0.77"), 24).toString());
        assertThrows(KilnException.class, () -> new Ipv4Network(Ipv4Address.parse("10.20.0.77"), 24));
        assertThrows(KilnException.class, () -> new Ipv4Network(Ipv4Address.ANY, 33));
        assertThrows(KilnException.class, () -> new Ipv4Network(Ipv4Address.ANY, -1));
        assertEquals(0xffffff00, Ipv4Network.mask(24));
        assertEquals(0, Ipv4Network.mask(0));
        assertEquals(-1, Ipv4Network.mask(32));
    }
}
