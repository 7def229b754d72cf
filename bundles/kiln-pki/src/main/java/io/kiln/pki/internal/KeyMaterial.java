package io.kiln.pki.internal;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The keys and certificates of one PKI directory, as loaded. Its {@link #toString()} names certificates only: a key
 * never reaches a log line through it.
 */
record KeyMaterial(X509Certificate ca, PrivateKey caKey, X509Certificate server, PrivateKey serverKey, X509Certificate signing,
                   PrivateKey signingKey, KeyPair token) {

    KeyMaterial withServer(X509Certificate cert, PrivateKey key) {
        return new KeyMaterial(ca, caKey, cert, key, signing, signingKey, token);
    }

    KeyMaterial withSigning(X509Certificate cert, PrivateKey key) {
        return new KeyMaterial(ca, caKey, server, serverKey, cert, key, token);
    }

    @Override
    public String toString() {
        return "KeyMaterial[ca=" + Certificates.subject(ca) + ", server=" + Certificates.names(server) + "]";
    }
}
