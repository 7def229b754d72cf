package io.kiln.api.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:ab:cd:ef", "52-54-00-AB-CD-EF", "5254.00ab.cdef", "525400ABCDEF", " 52:54:00:ab:cd:ef "})
    void operatorSpellingsBecomeCanonical(String raw) {
        assertEquals("52:54:00:ab:cd:ef", MacAddress.canonical(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "52:54:00:ab:cd", "52:54:00:ab:cd:ef:01", "52:54:zz:00:00:01", "52 54 00 ab cd ef", "g2:54:00:ab:cd:ef"})
    void anythingElseIsInvalidAndNamed(String raw) {
        KilnException e = assertThrows(KilnException.class, () -> MacAddress.canonical(raw));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("'" + raw + "'"), e.getMessage());
    }
}
