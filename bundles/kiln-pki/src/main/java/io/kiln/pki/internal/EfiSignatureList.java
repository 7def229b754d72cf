package io.kiln.pki.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.X509Certificate;

/**
 * A UEFI EFI_SIGNATURE_LIST holding one X.509 certificate (UEFI spec 32.4.1): SignatureType EFI_CERT_X509_GUID,
 * SignatureListSize, SignatureHeaderSize 0, SignatureSize, then one EFI_SIGNATURE_DATA (owner GUID + DER). GUIDs in
 * UEFI's mixed-endian byte order, integers little-endian. The form OVMF reads from {@code etc/edk2/https/cacerts}
 * (as {@code p11-kit trust extract --format=edk2-cacerts} writes it).
 */
final class EfiSignatureList {
    /** EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, in UEFI byte order. */
    static final byte[] X509 = guid("a5c059a1-94e4-4aa7-87b5-ab155c2bf072");
    /** The owner GUID Kiln writes: any GUID does; this one reads "Kiln". */
    static final byte[] OWNER = guid("4b696c6e-0000-4000-8000-000000000001");

    private EfiSignatureList() {
    }

    static byte[] of(X509Certificate cert) {
        byte[] der = Certificates.der(cert);
        int signatureSize = 16 + der.length;
        ByteBuffer b = ByteBuffer.allocate(28 + signatureSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(X509).putInt(28 + signatureSize).putInt(0).putInt(signatureSize).put(OWNER).put(der);
        return b.array();
    }

    /** A GUID's 16 bytes as UEFI stores them: the first three fields little-endian, the rest as written. */
    static byte[] guid(String text) {
        java.util.UUID u = java.util.UUID.fromString(text);
        ByteBuffer b = ByteBuffer.allocate(16);
        long hi = u.getMostSignificantBits();
        b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (hi >>> 32)).putShort((short) (hi >>> 16)).putShort((short) hi);
        b.order(ByteOrder.BIG_ENDIAN).putLong(u.getLeastSignificantBits());
        return b.array();
    }
}
