package io.kiln.pki.internal;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * What UEFI HTTPS boot needs: the RSA boot CA (issued by Kiln's CA), the RSA server certificate it issued, and the
 * boot CA as a UEFI signature list file for the firmware's trust store. {@link #toString()} names no key.
 */
record BootMaterial(X509Certificate ca, X509Certificate server, PrivateKey serverKey, Path cacertsFile) {
    @Override
    public String toString() {
        return "BootMaterial[ca=" + Certificates.subject(ca) + ", server=" + Certificates.names(server) + "]";
    }
}
