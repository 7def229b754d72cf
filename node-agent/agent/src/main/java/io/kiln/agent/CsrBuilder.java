package io.kiln.agent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * The agent's key pair and PKCS#10 certificate request (RFC 2986), DER built by hand: the JDK has no public API for
 * it and BouncyCastle would triple the agent's size. Kiln ignores the subject and sets its own.
 */
final class CsrBuilder {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";

    private CsrBuilder() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            // jdk.crypto.ec missing from the jlink'ed runtime is the only way here
            throw new AgentFailure(ExitCode.INTERNAL, "cannot create an EC P-256 key (is jdk.crypto.ec in the Java runtime?): " + e.getMessage(), e);
        }
    }

    /** DER of a CertificationRequest for {@code keys}, subject CN={@code commonName}, no attributes. */
    static byte[] der(KeyPair keys, String commonName) throws GeneralSecurityException {
        byte[] subject = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(COMMON_NAME),
                Der.tlv(Der.UTF8_STRING, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] info = Der.sequence(
                Der.tlv(Der.INTEGER, new byte[] {0}),     // version 0 (v1)
                subject,
                keys.getPublic().getEncoded(),           // SubjectPublicKeyInfo, already DER
                Der.tlv(Der.CONTEXT_0));                 // attributes: none
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(info);
        return Der.sequence(info, Der.sequence(Der.oid(ECDSA_WITH_SHA256)), Der.bitString(s.sign()));
    }

    static String pem(KeyPair keys, String commonName) throws GeneralSecurityException {
        return Pem.encode("CERTIFICATE REQUEST", der(keys, commonName));
    }
}
