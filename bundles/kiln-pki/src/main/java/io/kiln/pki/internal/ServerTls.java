package io.kiln.pki.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The HTTPS endpoint's TLS context: the server certificate with the CA as its chain; any client certificate passes
 * the handshake (the application decides with {@code verifyClient} and says why), and the CA is what the server asks
 * clients for, so a client with several certificates picks Kiln's.
 */
final class ServerTls {
    private ServerTls() {
    }

    /** TLS 1.3 and 1.2 only ({@link TlsVersions}). */
    static SSLContext context(KeyMaterial k) {
        return context(k, null);
    }

    /**
     * With the boot material too: a second, RSA, server certificate (chained boot CA, then Kiln's CA) that JSSE's key
     * manager picks for clients that offer RSA only (UEFI HTTPS boot); everyone else gets the EC one.
     */
    static SSLContext context(KeyMaterial k, BootMaterial boot) {
        try {
            char[] password = Certificates.shortId().toCharArray(); // an in-memory key store: the password guards nothing
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", k.serverKey(), password, new Certificate[] {k.server(), k.ca()});
            if (boot != null) ks.setKeyEntry("boot", boot.serverKey(), password, new Certificate[] {boot.server(), boot.ca(), k.ca()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new AnyClient(k.ca())}, Certificates.RANDOM);
            return TlsVersions.restrict(ctx);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the server's TLS context", e);
        }
    }

    /** Lets every client certificate through the handshake; names Kiln's CA as the one it wants. */
    static final class AnyClient extends X509ExtendedTrustManager {
        private final X509Certificate ca;

        AnyClient(X509Certificate ca) {
            this.ca = ca;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the application checks it (Pki.verifyClient) and refuses with a reason
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // as above
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // as above
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Kiln's server TLS context trusts no servers");
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
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca};
        }
    }
}
