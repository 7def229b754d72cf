package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsrBuilderTest {
    @Test
    void opensslVerifiesTheRequestAndSeesOurKey(@TempDir Path dir) throws Exception {
        assumeTrue(TestPki.opensslAvailable(), "openssl is not installed");
        KeyPair keys = CsrBuilder.newKeyPair();
        String pem = CsrBuilder.pem(keys, "kiln-agent");
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"));
        Files.writeString(dir.resolve("x.csr"), pem);
        // exits non-zero (and TestPki.openssl throws) when the signature does not verify
        TestPki.openssl(dir, "req", "-in", "x.csr", "-verify", "-noout");
        String pub = TestPki.openssl(dir, "req", "-in", "x.csr", "-noout", "-pubkey");
        assertEquals(Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded()).trim(), pub.trim());
        String subject = TestPki.openssl(dir, "req", "-in", "x.csr", "-noout", "-subject");
        assertTrue(subject.contains("CN") && subject.contains("kiln-agent"), subject);
    }

    @Test
    void longLengthsAreEncodedInLongForm() {
        byte[] tlv = Der.tlv(Der.SEQUENCE, new byte[300]);
        assertEquals(0x82, tlv[1] & 0xff);
        assertEquals(300, ((tlv[2] & 0xff) << 8) | (tlv[3] & 0xff));
        assertEquals("06082a8648ce3d040302", java.util.HexFormat.of().formatHex(Der.oid("1.2.840.10045.4.3.2")));
    }
}
