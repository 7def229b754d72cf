package io.kiln.agent;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/onboard} until Kiln issues this machine a certificate (PROTOCOL.md section 1). */
final class Onboarding {
    private static final long NETWORK_RETRY_MILLIS = 10_000;

    private final String https;
    private final String caSha256;
    private final String enrollmentToken;
    private final Sleeper sleeper;
    private final Clock clock;

    Onboarding(String https, String caSha256, String enrollmentToken, Sleeper sleeper) {
        this(https, caSha256, enrollmentToken, sleeper, Clock.systemUTC());
    }

    Onboarding(String https, String caSha256, String enrollmentToken, Sleeper sleeper, Clock clock) {
        this.https = https.replaceAll("/+$", "");
        this.caSha256 = caSha256;
        this.enrollmentToken = enrollmentToken;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The credentials Kiln issued, with the times that decide their renewal. */
    Lease onboard(Hardware hardware) throws InterruptedException {
        KeyPair keys = CsrBuilder.newKeyPair();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uuid", hardware.uuid());
        request.put("serial", hardware.serial());
        request.put("macs", hardware.macs());
        request.put("token", enrollmentToken);
        try {
            request.put("csr", CsrBuilder.pem(keys, "kiln-agent"));
        } catch (GeneralSecurityException e) {
            throw new AgentFailure(ExitCode.INTERNAL, "cannot sign the certificate request: " + e.getMessage(), e);
        }
        request.put("facts", hardware.facts());

        KilnHttp http = new KilnHttp(TlsContexts.pinned(caSha256), null);
        String url = https + "/api/v1/onboard";
        AgentLog.info("onboarding at " + url + (enrollmentToken == null ? " without an enrollment token (unknown machine)" : " with the enrollment token"));
        while (true) {
            KilnReply reply;
            try {
                reply = http.post(url, request); // the SAME request (same CSR) every time, as the protocol asks
            } catch (IOException e) {
                AgentLog.info("cannot reach Kiln at " + url + ": " + KilnHttp.describe(e) + "; trying again in " + NETWORK_RETRY_MILLIS / 1000 + " s");
                sleeper.sleep(NETWORK_RETRY_MILLIS);
                continue;
            }
            switch (reply.status()) {
                case 200 -> {
                    return onboarded(reply, keys);
                }
                case 202 -> {
                    Map<String, Object> b = body(reply);
                    long after = Math.max(0, Json.number(b, "retryAfterSeconds", 10));
                    AgentLog.info("Kiln has not approved this machine yet (" + orElse(Json.string(b, "reason"), "no reason given")
                            + "); asking again in " + after + " s (an operator approves with kiln:host-approve)");
                    sleeper.sleep(after * 1000);
                }
                case 403 -> throw new AgentFailure(ExitCode.REFUSED, "Kiln refused this machine: " + reply.problem() + ". Stopping; nothing was changed on this machine");
                case 400 -> throw new AgentFailure(ExitCode.REFUSED, "Kiln says the onboarding request is malformed: " + reply.problem() + ". Stopping");
                default -> {
                    AgentLog.info("Kiln answered onboarding with HTTP " + reply.status() + " (" + reply.problem() + "); trying again in " + NETWORK_RETRY_MILLIS / 1000 + " s");
                    sleeper.sleep(NETWORK_RETRY_MILLIS);
                }
            }
        }
    }

    private Lease onboarded(KilnReply reply, KeyPair keys) {
        Map<String, Object> b = body(reply);
        String certificate = Json.string(b, "certificate");
        String token = Json.string(b, "token");
        if (certificate == null || token == null) {
            throw new AgentFailure(ExitCode.REFUSED, "Kiln's onboarding answer lacks the certificate or the token: " + reply.text());
        }
        String agentUrl = orElse(Json.string(b, "agentUrl"), https + "/agent/v1").replaceAll("/+$", "");
        String ca = orElse(Json.string(b, "ca"), "");
        try {
            if (!ca.isEmpty() && !Pem.sha256(Pem.certificates(ca).get(0)).equals(caSha256.toLowerCase())) {
                AgentLog.info("warning: the CA certificate in Kiln's answer does not have the pinned fingerprint " + caSha256 + "; the pin stays authoritative");
            }
            Pem.certificates(certificate);
        } catch (GeneralSecurityException e) {
            throw new AgentFailure(ExitCode.REFUSED, "the certificate Kiln issued cannot be read: " + e.getMessage(), e);
        }
        AgentLog.info("onboarded as host " + orElse(Json.string(b, "host"), "(unnamed)") + ", certificate valid until "
                + orElse(Json.string(b, "certificateExpires"), "?") + "; agent API at " + agentUrl);
        Credentials c = new Credentials(https, caSha256.toLowerCase(), agentUrl, token, keys.getPrivate(), certificate, ca);
        return Lease.received(c, clock.instant(), Json.string(b, "tokenExpires"));
    }

    private static Map<String, Object> body(KilnReply reply) {
        try {
            return reply.body();
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.REFUSED, "Kiln's onboarding answer is not JSON: " + reply.text());
        }
    }

    private static String orElse(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
