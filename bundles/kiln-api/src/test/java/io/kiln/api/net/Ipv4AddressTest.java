package io.kiln.api.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressTest {

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 0x00000000", "10.0.0.1, 0x0a000001", "192.168.1.254, 0xc0a801fe", "255.255.255.255, 0xffffffff",
            "1.2.3.4, 0x01020304", "100.64.0.10, 0x6440000a"})
    void strictDottedQuadsParseAndPrintBack(String dotted, String hex) {
        int bits = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertEquals(bits, Ipv4Address.toInt(dotted));
        assertEquals(new Ipv4Address(bits), Ipv4Address.parse(dotted));
        assertEquals(dotted, Ipv4Address.parse(dotted).toString());
        assertEquals(dotted, Ipv4Address.format(bits));
        assertTrue(Ipv4Address.isValid(dotted));
        assertTrue(Ipv4Address.tryParse(dotted).isPresent());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"010.0.0.1", "10.0.0.01", "00.0.0.0", "256.0.0.1", "10.0.0.256", "999.1.1.1", "1.2.3", "1.2.3.4.5",
            " 10.0.0.1", "10.0.0.1 ", "10. 0.0.1", "10.0.0.", ".10.0.0.1", "10..0.1", "-1.0.0.0", "+1.0.0.0", "1.2.3.-4",
            "a.b.c.d", "0x0a.0.0.1", "10.0.0.1/24", "1234.0.0.1", "10.0.0.1\n", "١.٢.٣.٤", "10,0,0,1", "...."})
    void anythingElseIsRefusedAndNamed(String bad) {
        assertFalse(Ipv4Address.isValid(bad));
        assertTrue(Ipv4Address.tryParse(bad).isEmpty());
        KilnException e = assertThrows(KilnException.class, () -> Ipv4Address.parse(bad));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals("not an IPv4 address: '" + bad + "'", e.getMessage());
        assertThrows(KilnException.class, () -> Ipv4Address.toInt(bad));
    }

    @Test
    void bytesAndInetAddressesRoundTrip() throws Exception {
        Ipv4Address a = Ipv4Address.parse("192.168.1.254");
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, (byte) 254}, a.toBytes());
        assertEquals(a, Ipv4Address.of(a.toBytes()));
        assertEquals(a.value(), Ipv4Address.toInt(a.toInetAddress().getAddress()));
        assertEquals("/192.168.1.254", a.toInetAddress().toString());
        assertThrows(KilnException.class, () -> Ipv4Address.of(new byte[16]));
    }

    @Test
    void orderIsUnsigned() {
        List<Ipv4Address> sorted = List.of("192.168.0.1", "10.0.0.2", "255.0.0.0", "10.0.0.1").stream().map(Ipv4Address::parse).sorted().toList();
        assertEquals("[10.0.0.1, 10.0.0.2, 192.168.0.1, 255.0.0.0]", sorted.toString());
    }
}
