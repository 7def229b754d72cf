package io.kiln.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SystemUuidTest {

    @ParameterizedTest
    @ValueSource(strings = {"4c4c4544-0042-3510-8052-b4c04f4e4d32", "4C4C4544-0042-3510-8052-B4C04F4E4D32", "4c4c4544-0042-3510-8052-B4C04f4e4d32"})
    void eitherCaseBecomesLowercase(String text) {
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4d32", SystemUuid.parse(text).value());
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4d32", SystemUuid.canonical(text));
        assertTrue(SystemUuid.isValid(text));
        assertTrue(SystemUuid.tryParse(text).isPresent());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"{4c4c4544-0042-3510-8052-b4c04f4e4d32}", "urn:uuid:4c4c4544-0042-3510-8052-b4c04f4e4d32",
            "4c4c454400423510 8052b4c04f4e4d32", "4c4c454400423510-8052b4c04f4e4d32", "4c4c4544004235108052b4c04f4e4d32",
            " 4c4c4544-0042-3510-8052-b4c04f4e4d32", "4c4c4544-0042-3510-8052-b4c04f4e4d32 ", "4c4c4544-0042-3510-8052-b4c04f4e4d3",
            "4c4c4544-0042-3510-8052-b4c04f4e4d321", "4c4c4544_0042_3510_8052_b4c04f4e4d32", "4c4c4544-0042-3510-8052-b4c04f4e4dzz",
            "4c4c454-40042-3510-8052-b4c04f4e4d32", "not-a-uuid", "４c4c4544-0042-3510-8052-b4c04f4e4d32"})
    void anythingElseIsRefusedAndNamed(String bad) {
        assertFalse(SystemUuid.isValid(bad));
        assertTrue(SystemUuid.tryParse(bad).isEmpty());
        KilnException e = assertThrows(KilnException.class, () -> SystemUuid.parse(bad));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        if (bad != null) assertTrue(e.getMessage().startsWith("not a UUID: '" + bad + "'"), e.getMessage());
    }

    @Test
    void smbiosBytesReadTheFirstThreeFieldsLittleEndian() {
        byte[] b = {0x44, 0x45, 0x4c, 0x4c, 0x42, 0x00, 0x10, 0x35, (byte) 0x80, 0x52, (byte) 0xb4, (byte) 0xc0, 0x4f, 0x4e, 0x4d, 0x32};
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4d32", SystemUuid.ofSmbiosBytes(b).toString());
        assertTrue(SystemUuid.ofSmbiosBytes(new byte[16]).isNil());
        assertFalse(SystemUuid.ofSmbiosBytes(b).isNil());
        assertThrows(KilnException.class, () -> SystemUuid.ofSmbiosBytes(new byte[15]));
    }
}
