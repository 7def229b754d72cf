package io.kiln.pki.internal;

import io.kiln.api.KilnException;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A host's PKCS#10 request, checked: PEM, a signature that verifies, and a key Kiln accepts. */
final class HostRequests {
    private HostRequests() {
    }

    /**
     * @return the request's public key
     * @throws KilnException INVALID with the reason
     */
    static PublicKey check(String csrPem) {
        if (csrPem == null || csrPem.isBlank()) throw KilnException.invalid("the certificate request is empty");
        PKCS10CertificationRequest r;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            Object o = p.readObject();
            if (!(o instanceof PKCS10CertificationRequest req)) {
                throw KilnException.invalid("not a PEM PKCS#10 certificate request (-----BEGIN CERTIFICATE REQUEST-----)"
                        + (o == null ? "" : ": it holds a " + o.getClass().getSimpleName()));
            }
            r = req;
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException k) throw k;
            throw KilnException.invalid("not a PEM PKCS#10 certificate request: " + e.getMessage());
        }
        SubjectPublicKeyInfo spki = r.getSubjectPublicKeyInfo();
        checkKey(spki);
        try {
            PublicKey key = Pem.publicKey(spki);
            if (!r.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw KilnException.invalid("the certificate request's signature does not verify (altered, or not signed by its own key)");
            }
            return key;
        } catch (KilnException e) {
            throw e;
        } catch (Exception e) {
            throw KilnException.invalid("the certificate request's signature does not verify: " + e.getMessage());
        }
    }

    private static void checkKey(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            ASN1Encodable params = spki.getAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(params) || SECObjectIdentifiers.secp384r1.equals(params)) return;
            throw KilnException.invalid("the request's EC key is on curve " + params + ": Kiln accepts P-256 and P-384 only");
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(alg)) {
            int bits;
            try {
                bits = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
            } catch (IOException | RuntimeException e) {
                throw KilnException.invalid("the request's RSA key cannot be read: " + e.getMessage());
            }
            if (bits >= 2048) return;
            throw KilnException.invalid("the request's RSA key has " + bits + " bits: Kiln accepts 2048 or more");
        }
        throw KilnException.invalid("the request's key (algorithm " + alg + ") is not accepted: EC P-256, P-384 or RSA of 2048 bits or more");
    }
}
