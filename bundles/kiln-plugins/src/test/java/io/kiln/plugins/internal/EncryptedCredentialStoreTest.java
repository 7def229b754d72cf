package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedCredentialStoreTest {
    @TempDir
    Path data;

    EncryptedCredentialStore store() {
        return new EncryptedCredentialStore(data.resolve("credentials"));
    }

    @Test
    void aStoredLoginIsResolvedAgainByANewStoreAndNeverLiesInTheFileInClear() throws Exception {
        store().set("rack1-bmc", "admin", "Tr0ub4dor&3".toCharArray());
        EncryptedCredentialStore again = store();
        assertEquals("Tr0ub4dor&3", again.resolve("rack1-bmc").orElseThrow().password());
        assertEquals(List.of(new StoredCredential("rack1-bmc", "admin")), again.list());
        String file = Files.readString(again.storeFile(), StandardCharsets.ISO_8859_1);
        assertFalse(file.contains("Tr0ub4dor") || file.contains("admin"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(again.keyFile())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(again.storeFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("credentials"))));
        assertFalse(again.resolve("other").isPresent());
        assertFalse(again.resolve("rack1-bmc").orElseThrow().toString().contains("Tr0ub4dor"), "toString hides it");
    }

    @Test
    void replacingAndRemoving() {
        EncryptedCredentialStore s = store();
        s.set("a", "u1", "p1".toCharArray());
        s.set("a", "u2", "p2".toCharArray());
        s.set("b", "u3", "p3".toCharArray());
        assertEquals("p2", s.resolve("a").orElseThrow().password());
        assertTrue(s.remove("a"));
        assertFalse(s.remove("a"));
        assertEquals(List.of(new StoredCredential("b", "u3")), s.list());
    }

    @Test
    void anEntryMovedToAnotherNameOrAnotherKeyDoesNotDecrypt() throws Exception {
        EncryptedCredentialStore s = store();
        s.set("a", "u", "p".toCharArray());
        Files.writeString(s.storeFile(), Files.readString(s.storeFile()).replaceFirst("^a\t", "b\t"));
        KilnException e = assertThrows(KilnException.class, () -> s.resolve("b"));
        assertTrue(e.getMessage().startsWith("credential 'b' cannot be decrypted"), e.getMessage());
    }

    @Test
    void badInputIsRefused() {
        EncryptedCredentialStore s = store();
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> s.set("Bad Name", "u", "p".toCharArray())).kind());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> s.set("a", "", "p".toCharArray())).kind());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> s.set("a", "u", new char[0])).kind());
    }
}
