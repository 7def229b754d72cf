package io.kiln.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:ab:cd:ef", "52-54-00-AB-CD-EF", "5254.00ab.cdef", "525400ABCDEF", " 52:54:00:ab:cd:ef ",
            "52:54:00:AB:CD:EF", "5254.00AB.CDEF", "525400abcdef"})
    void operatorSpellingsBecomeCanonical(String raw) {
        assertEquals("52:54:00:ab:cd:ef", MacAddress.canonical(raw));
        assertEquals("52:54:00:ab:cd:ef", MacAddress.parse(raw).value());
        assertTrue(MacAddress.isValid(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "52:54:00:ab:cd", "52:54:00:ab:cd:ef:01", "52:54:zz:00:00:01", "52 54 00 ab cd ef", "g2:54:00:ab:cd:ef",
            "52_54_00_ab_cd_ef", "0x525400abcdef", "５2:54:00:ab:cd:ef", "52:54:00:ab:cd:e"})
    void anythingElseIsInvalidAndNamed(String raw) {
        assertTrue(MacAddress.tryParse(raw).isEmpty());
        KilnException e = assertThrows(KilnException.class, () -> MacAddress.canonical(raw));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("'" + raw + "'"), e.getMessage());
    }

    @Test
    void aMissingMacIsInvalidAndHardwareBytesFormat() {
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> MacAddress.canonical(null)).kind());
        assertEquals("52:54:00:ab:cd:ef", MacAddress.of(new byte[] {0x52, 0x54, 0, (byte) 0xab, (byte) 0xcd, (byte) 0xef, 1, 2}));
    }
}
