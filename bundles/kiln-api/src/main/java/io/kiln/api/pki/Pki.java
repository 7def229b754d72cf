package io.kiln.api.pki;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Kiln's CA and what it signs. The CA key and the server key live under Kiln's data directory (mode 0600) and never
 * leave this service. All methods throw {@link io.kiln.api.KilnException}: INVALID for bad input (with the reason),
 * UNAVAILABLE when the key material cannot be read or written.
 */
@ProviderType
public interface Pki {
    /** Kiln's CA certificate and its fingerprint. */
    CaCertificate ca();

    /**
     * The boot CA: an RSA intermediate under {@link #ca()} for UEFI HTTPS boot (firmware TLS knows RSA only). Firmware
     * that should fetch Kiln's loader over HTTPS trusts this certificate.
     */
    CaCertificate bootCa();

    /** The boot CA as a UEFI signature list file (for {@code -fw_cfg name=etc/edk2/https/cacerts} or a firmware's TLS CA setting). */
    java.nio.file.Path bootCacertsFile();

    /**
     * The TLS context of Kiln's HTTPS endpoint: the server certificate (for the configured names and addresses,
     * chained to the CA) and a trust manager that lets any client certificate through the handshake, so the
     * application checks it with {@link #verifyClient} and refuses with a reason an operator can read.
     */
    SSLContext serverTlsContext();

    /** Every certificate Kiln holds or issued (CA, server, signing, hosts'), newest first within a kind. */
    List<CertificateRecord> certificates();

    /**
     * Signs a host's PKCS#10 request (PEM): a short-lived client certificate naming the host in a SAN URI
     * {@code urn:kiln:host:<host>}. The request's own subject is ignored.
     *
     * @throws io.kiln.api.KilnException INVALID when the request is not PEM PKCS#10, its signature does not verify,
     *                                   or its key is not EC P-256/P-384 or RSA of at least 2048 bits
     */
    IssuedCertificate signHostRequest(String host, String csrPem);

    /**
     * Checks a PKCS#10 request (PEM) as {@link #signHostRequest} does, without signing it, and names its key: the
     * SHA-256 of its SubjectPublicKeyInfo (DER), hex. The same key gives the same answer whatever the request's
     * signature (ECDSA signatures differ each time), so an operator's approval can be bound to a key.
     *
     * @throws io.kiln.api.KilnException INVALID as for {@link #signHostRequest}
     */
    String requestKeySha256(String csrPem);

    /** Revokes every unexpired certificate issued to the host; returns how many. Refused from then on. */
    int revokeHost(String host, String reason);

    /**
     * Checks a certificate a client presented: issued by Kiln's CA (signature), within its validity, not revoked,
     * naming a host. Never throws for a bad certificate: the verdict says why.
     */
    ClientVerdict verifyClient(X509Certificate certificate);

    /** An access token (JWT, ES256) for the host, bound to the SHA-256 of its client certificate (RFC 8705 cnf). */
    HostToken issueToken(String host, String certificateSha256);

    /** Checks a token's signature, issuer and expiry; never throws for a bad token: the verdict says why. */
    TokenVerdict verifyToken(String token);

    /**
     * A detached CMS (PKCS#7) signature of {@code content}, DER, by Kiln's code-signing certificate (the form iPXE's
     * {@code imgverify} and {@code openssl cms -verify -binary -inform DER -content} check).
     */
    byte[] signDetached(byte[] content);

    /** The same for a file, read as a stream (boot artifacts and images of any size). */
    byte[] signDetached(java.nio.file.Path file);
}
