package io.kiln.plugin.redfish.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How one BMC's TLS certificate is trusted: exactly the pinned one (its SHA-256), or one signed by the CAs of a PEM
 * file (host name checked), or any (only when the host says {@code redfish.insecure=true}), else the JDK's CAs. It
 * remembers the fingerprint of the last certificate it refused, so the error can tell the operator what to pin.
 */
public final class Trust extends X509ExtendedTrustManager {
    /** How the certificate is checked, in words (for messages). */
    private final String how;
    private final String pin;
    private final boolean any;
    private final X509ExtendedTrustManager delegate;
    private volatile String refused;

    private Trust(String how, String pin, boolean any, X509ExtendedTrustManager delegate) {
        this.how = how;
        this.pin = pin;
        this.any = any;
        this.delegate = delegate;
    }

    /** Trust as the settings say. */
    public static Trust of(HostSettings s) throws GeneralSecurityException, IOException {
        if (s.insecure()) return new Trust("any certificate (" + HostSettings.INSECURE + "=true)", null, true, null);
        if (s.tlsSha256() != null) return new Trust("the certificate pinned by " + HostSettings.TLS_SHA256, s.tlsSha256(), false, null);
        if (s.caFile() != null) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(s.caFile())) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca" + n++, c);
            }
            if (n == 0) throw new CertificateException(HostSettings.CA_FILE + " " + s.caFile() + " holds no PEM certificate");
            return new Trust("the CAs in " + HostSettings.CA_FILE + " " + s.caFile(), null, false, factory(ks));
        }
        return new Trust("the JDK's trusted CAs", null, false, factory(null));
    }

    private static X509ExtendedTrustManager factory(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) if (tm instanceof X509ExtendedTrustManager x) return x;
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** An SSL context that trusts as this does. */
    public SSLContext context() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {this}, null);
        return ctx;
    }

    /** Whether host names are checked (the CA ways); a pin or trust-any makes them irrelevant. */
    public boolean checksHostName() {
        return pin == null && !any;
    }

    public String how() {
        return how;
    }

    /** The SHA-256 of the last certificate refused, or null. */
    public String refusedFingerprint() {
        return refused;
    }

    /** The SHA-256 of a certificate's DER encoding, as 64 lower-case hex digits. */
    public static String sha256(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 64 hex digits as {@code AB:CD:...}, as browsers and openssl show them. */
    public static String colons(String hex) {
        return hex.toUpperCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1:");
    }

    private void check(X509Certificate[] chain, Check delegateCheck) throws CertificateException {
        if (any) return;
        if (chain == null || chain.length == 0) throw new CertificateException("the BMC sent no certificate");
        String seen = sha256(chain[0]);
        try {
            if (pin != null) {
                if (!pin.equals(seen)) throw new CertificateException("certificate SHA-256 " + colons(seen) + " is not the pinned " + colons(pin));
                return;
            }
            delegateCheck.run();
        } catch (CertificateException e) {
            refused = seen;
            throw e;
        }
    }

    @FunctionalInterface
    private interface Check {
        void run() throws CertificateException;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
}
