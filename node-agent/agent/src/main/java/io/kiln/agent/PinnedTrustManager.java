package io.kiln.agent;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server only if a certificate of the chain it presents has the pinned SHA-256 (Kiln's CA, from
 * {@code kiln.ca=}) and the chain verifies up to it: each certificate signed by the next, the leaf within its validity.
 * No host name check: Kiln is reached by IP address and the pin is its identity. Extending X509ExtendedTrustManager
 * (not just X509TrustManager) is what stops JSSE from adding its own host name check on top.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final String pin;

    /** The pin refused the server: a dedicated type so callers can tell it from a network failure. */
    static final class PinRefused extends CertificateException {
        PinRefused(String message) {
            super(message);
        }
    }

    PinnedTrustManager(String sha256Hex) {
        this.pin = sha256Hex.trim().toLowerCase(Locale.ROOT).replace(":", "");
    }

    String pin() {
        return pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) throw new PinRefused("the server presented no certificate");
        int anchor = -1;
        for (int i = 0; i < chain.length && anchor < 0; i++) if (Pem.sha256(chain[i]).equals(pin)) anchor = i;
        if (anchor < 0) {
            StringBuilder seen = new StringBuilder();
            for (X509Certificate c : chain) seen.append(seen.length() == 0 ? "" : ", ").append(c.getSubjectX500Principal().getName()).append(" sha256 ").append(Pem.sha256(c));
            throw new PinRefused("the server's certificate chain does not contain Kiln's CA with fingerprint " + pin
                    + " (kiln.ca=); it presented: " + seen + ". Either this is not the Kiln that booted this machine or kiln.ca is wrong");
        }
        for (int i = 0; i < anchor; i++) {
            try {
                chain[i].verify(chain[i + 1].getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new PinRefused("the server's certificate " + chain[i].getSubjectX500Principal().getName()
                        + " is not signed by the next certificate of its chain (" + e.getMessage() + ")");
            }
        }
        try {
            chain[0].checkValidity();
        } catch (CertificateException e) {
            throw new PinRefused("the server's certificate " + chain[0].getSubjectX500Principal().getName()
                    + " is outside its validity (" + e.getMessage() + "); is this machine's clock right?");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
