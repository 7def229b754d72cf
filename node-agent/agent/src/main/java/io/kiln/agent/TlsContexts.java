package io.kiln.agent;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** SSLContexts trusting only the pinned CA: without a client certificate (onboarding) or with one (agent API). */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext pinned(String caSha256) {
        return create(caSha256, null);
    }

    static SSLContext pinnedWithClientCertificate(String caSha256, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] password = "kiln".toCharArray(); // in memory only; PKCS12 wants one
            ks.setKeyEntry("host", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return create(caSha256, kmf.getKeyManagers());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new AgentFailure(ExitCode.INTERNAL, "cannot set up the client certificate for TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext create(String caSha256, KeyManager[] keyManagers) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, new TrustManager[] {new PinnedTrustManager(caSha256)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new AgentFailure(ExitCode.INTERNAL, "cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
