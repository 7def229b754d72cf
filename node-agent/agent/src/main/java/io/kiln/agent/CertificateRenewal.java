package io.kiln.agent;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;

/**
 * {@code POST {agentUrl}/certificate} (PROTOCOL.md section 2) before an agent API request when the token or the
 * certificate has less than a third of its lifetime left: a new EC P-256 key and CSR, sent with the current
 * certificate and token; Kiln's answer replaces key, certificate and token in the {@link KilnHttp} at once and is
 * kept on disk. A failure is logged and tried again before the next request; the current credentials stay in use.
 *
 * <p>Thread-safe: any thread's request may renew (heartbeat, progress, the action loop); one renews at a time, the
 * others go on meanwhile with the credentials in use, which are still valid.
 */
final class CertificateRenewal {
    /** Keeps renewed credentials (files); a failure leaves them in use in memory. */
    @FunctionalInterface
    interface Keeper {
        void keep(Credentials renewed) throws IOException;
    }

    private final KilnHttp http;
    private final Clock clock;
    private final Keeper keeper;
    private final String keptWhere;
    private final ReentrantLock renewing = new ReentrantLock();
    private volatile Lease lease;

    private CertificateRenewal(KilnHttp http, Lease lease, Clock clock, Keeper keeper, String keptWhere) {
        this.http = http;
        this.lease = lease;
        this.clock = clock;
        this.keeper = keeper;
        this.keptWhere = keptWhere;
    }

    /** The renewal of {@code lease}'s credentials, run before each of {@code http}'s requests. */
    static CertificateRenewal attach(KilnHttp http, Lease lease, Clock clock, Keeper keeper, String keptWhere) {
        CertificateRenewal r = new CertificateRenewal(http, lease, clock, keeper, keptWhere);
        http.beforeEachRequest(r::renewIfDue);
        return r;
    }

    /** The credentials in use. */
    Credentials credentials() {
        return lease.credentials();
    }

    Lease lease() {
        return lease;
    }

    /** @return true when the credentials were renewed now */
    boolean renewIfDue() throws InterruptedException {
        if (!lease.renewalDue(clock.instant())) return false;
        if (!renewing.tryLock()) return false; // another thread is at it; the current credentials are still good
        try {
            Lease current = lease;
            Instant now = clock.instant();
            if (!current.renewalDue(now)) return false; // renewed meanwhile
            if (current.certificateExpired(now)) {
                AgentLog.info("this host's client certificate expired at " + current.certificateExpires()
                        + ": it cannot be renewed (the machine has to be onboarded again)");
                return false;
            }
            String failure = renew(current);
            if (failure == null) return true;
            AgentLog.info("renewing this host's certificate and token failed (" + failure + "); the current ones stay in use"
                    + " (token until " + orUnknown(current.tokenExpires()) + ", certificate until " + orUnknown(current.certificateExpires())
                    + ") and renewal is tried again at the next request");
            return false;
        } finally {
            renewing.unlock();
        }
    }

    /** @return null when renewed, else why not */
    private String renew(Lease current) throws InterruptedException {
        Credentials old = current.credentials();
        Instant now = clock.instant();
        AgentLog.info("renewing this host's certificate and token: " + (current.tokenDue(now)
                ? "the token expires at " + current.tokenExpires() : "the certificate expires at " + current.certificateExpires())
                + ", less than a third of its lifetime left");
        KeyPair keys = CsrBuilder.newKeyPair();
        String url = old.agentUrl().replaceAll("/+$", "") + "/certificate";
        KilnReply reply;
        try {
            reply = http.postWithoutHook(url, Map.of("csr", CsrBuilder.pem(keys, "kiln-agent")));
        } catch (GeneralSecurityException e) {
            return "cannot sign the certificate request: " + e.getMessage();
        } catch (IOException e) {
            return "cannot reach " + url + ": " + KilnHttp.describe(e);
        }
        if (reply.status() != 200) return "HTTP " + reply.status() + " from " + url + ": " + reply.problem();
        Map<String, Object> b;
        try {
            b = reply.body();
        } catch (IOException e) {
            return "the answer is not JSON: " + reply.text();
        }
        String certificate = Json.string(b, "certificate");
        String token = Json.string(b, "token");
        if (certificate == null || token == null || token.isBlank()) return "the answer lacks the certificate or the token";
        Credentials renewed = new Credentials(old.https(), old.caSha256(), old.agentUrl(), token, keys.getPrivate(), certificate, old.caPem());
        SSLContext ssl;
        try {
            X509Certificate leaf = renewed.certificateChain().get(0);
            if (!Arrays.equals(leaf.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
                return "the certificate Kiln issued is not for the key this agent sent";
            }
            ssl = TlsContexts.pinnedWithClientCertificate(old.caSha256(), keys.getPrivate(), renewed.certificateChain());
        } catch (GeneralSecurityException e) {
            return "the certificate Kiln issued cannot be read: " + e.getMessage();
        } catch (AgentFailure e) {
            return e.getMessage();
        }
        Lease next = Lease.received(renewed, clock.instant(), Json.string(b, "tokenExpires"));
        lease = next;
        http.use(ssl, token);
        AgentLog.info("renewed this host's certificate (valid until " + orUnknown(next.certificateExpires()) + ") and token (valid until "
                + orUnknown(next.tokenExpires()) + ")");
        try {
            keeper.keep(renewed);
        } catch (IOException e) {
            AgentLog.info("could not keep the renewed credentials " + keptWhere + " (" + e.getMessage() + "); they are in use in memory");
        }
        return null;
    }

    private static String orUnknown(Instant i) {
        return i == null ? "unknown" : i.toString();
    }
}
