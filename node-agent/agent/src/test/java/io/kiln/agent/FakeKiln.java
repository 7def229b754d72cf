package io.kiln.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Kiln's side of PROTOCOL.md, as far as tests need it: onboarding (202 first, then 200 with a certificate signed
 * from the agent's CSR), the agent API behind a client certificate + bearer token, renewal ({@code POST certificate}),
 * and artifacts with Range support and a connection that can be dropped once.
 *
 * <p>Tokens are checked like Kiln does: known, not expired (by {@link #clock}), bound to the presented certificate.
 * {@link #TOKEN} is the onboarding token (unbound and without expiry until onboarding issues it); renewal issues
 * JWT-shaped tokens (unsigned) with {@code iat} and {@code exp} claims.
 */
final class FakeKiln implements AutoCloseable {
    static final String TOKEN = "jwt-for-vm-1";

    /** A token Kiln issued: bound to a certificate (SHA-256, null: any) and valid until (null: forever). */
    record IssuedToken(String certificateSha256, Instant expires) {
    }

    /** An agent API request as the fake saw it. */
    record Call(String path, String authorization, String clientCertificateSha256, int status) {
    }

    final TestPki pki;
    private final HttpsServer server;
    final List<Map<String, Object>> onboardRequests = Collections.synchronizedList(new ArrayList<>());
    final Deque<Map<String, Object>> actions = new ArrayDeque<>();
    final Map<String, List<Map<String, Object>>> progress = Collections.synchronizedMap(new HashMap<>());
    final Map<String, Map<String, Object>> results = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> agentCallsWithoutClientCert = Collections.synchronizedList(new ArrayList<>());
    final List<String> artifactRanges = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger heartbeats = new AtomicInteger();
    final Map<String, byte[]> artifacts = Collections.synchronizedMap(new HashMap<>());
    volatile int pendingOnboards = 1;
    volatile boolean refuseOnboarding;
    /** >= 0: the next artifact answer is cut off after this many bytes (once). */
    volatile long dropArtifactAfter = -1;
    volatile int firstbootFailures;
    volatile Map<String, Object> firstbootBody;
    volatile String firstbootAuthorization;
    volatile X509Certificate firstbootClientCertificate;
    /** what "now" is for token expiry (tests share it with the agent and advance it instead of waiting). */
    volatile Clock clock = Clock.systemUTC();
    final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>(Map.of(TOKEN, new IssuedToken(null, null)));
    /** lifetime of the token onboarding issues. */
    volatile Duration onboardTokenLifetime = Duration.ofHours(24);
    /** lifetime of the tokens renewal issues. */
    volatile Duration renewedTokenLifetime = Duration.ofHours(24);
    /** > 0: the next renewals are answered 503. */
    volatile int certificateFailures;
    /**
     * Kiln refuses an expired token on every agent API request, renewal included (401); true lets renewal through
     * with a valid certificate and an expired token of it, for the agent side of that case.
     */
    volatile boolean renewalAcceptsExpiredToken;
    /** every agent API request, in the order answered. */
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    /** the client certificates issued, onboarding's first. */
    final List<String> issuedCertificates = Collections.synchronizedList(new ArrayList<>());
    /** the status of each renewal answer, in order. */
    final List<Integer> renewalAnswers = Collections.synchronizedList(new ArrayList<>());
    /** the tokens renewal issued, in order. */
    final List<String> renewedTokens = Collections.synchronizedList(new ArrayList<>());

    FakeKiln(TestPki pki) throws Exception {
        this.pki = pki;
        SSLContext ctx = pki.serverContext();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setWantClientAuth(true); // onboarding comes without one; the agent API checks it per request
                params.setSSLParameters(p);
            }
        });
        server.createContext("/ping", ex -> send(ex, 200, "{\"pong\":true}"));
        server.createContext("/api/v1/onboard", this::onboard);
        server.createContext("/agent/v1/", this::agent);
        server.createContext("/artifacts/", this::artifact);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private void onboard(HttpExchange ex) throws IOException {
        Map<String, Object> body = Json.readObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        onboardRequests.add(body);
        if (refuseOnboarding) {
            send(ex, 403, "{\"status\":403,\"title\":\"host rejected\",\"detail\":\"an operator rejected this machine (serial unknown)\"}");
            return;
        }
        if (pendingOnboards > 0) {
            pendingOnboards--;
            send(ex, 202, "{\"state\":\"pending\",\"reason\":\"unknown machine, waiting for kiln:host-approve\",\"retryAfterSeconds\":10}");
            return;
        }
        String cert;
        try {
            cert = pki.sign((String) body.get("csr"), "vm-1");
        } catch (Exception e) {
            send(ex, 400, "{\"status\":400,\"title\":\"bad CSR\",\"detail\":\"" + e.getMessage().replace('"', '\'').replace('\n', ' ') + "\"}");
            return;
        }
        issuedCertificates.add(cert);
        Instant expires = clock.instant().plus(onboardTokenLifetime);
        tokens.put(TOKEN, new IssuedToken(sha256(cert), expires));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("host", "vm-1");
        answer.put("certificate", cert);
        answer.put("ca", pki.caPem);
        answer.put("certificateExpires", notAfter(cert));
        answer.put("token", TOKEN);
        answer.put("tokenExpires", expires.toString());
        answer.put("agentUrl", url() + "/agent/v1");
        send(ex, 200, Json.write(answer));
    }

    private X509Certificate clientCertificate(HttpExchange ex) {
        try {
            Certificate[] peer = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
            return peer.length == 0 ? null : (X509Certificate) peer[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        X509Certificate cert = clientCertificate(ex);
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        String certSha = cert == null ? null : Pem.sha256(cert);
        if (cert == null) {
            agentCallsWithoutClientCert.add(path);
            answer(ex, path, authorization, certSha, 401, "{\"status\":401,\"title\":\"client certificate required\",\"detail\":\"no client certificate\"}");
            return false;
        }
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        IssuedToken issued = token == null ? null : tokens.get(token);
        if (issued == null) {
            answer(ex, path, authorization, certSha, 403, "{\"status\":403,\"title\":\"wrong token\",\"detail\":\"the token is not this host's\"}");
            return false;
        }
        boolean renewal = path.equals("/agent/v1/certificate") && renewalAcceptsExpiredToken;
        if (issued.expires() != null && clock.instant().isAfter(issued.expires()) && !renewal) {
            answer(ex, path, authorization, certSha, 401, "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"token refused: token expired at " + issued.expires() + "\"}");
            return false;
        }
        if (issued.certificateSha256() != null && !issued.certificateSha256().equals(certSha)) {
            answer(ex, path, authorization, certSha, 403, "{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"the token is bound to another certificate of host 'vm-1'\"}");
            return false;
        }
        calls.add(new Call(path, authorization, certSha, 0)); // answered by the endpoint
        return true;
    }

    private void answer(HttpExchange ex, String path, String authorization, String certSha, int status, String body) throws IOException {
        calls.add(new Call(path, authorization, certSha, status));
        send(ex, status, body);
    }

    /** A JWT-shaped token (not signed: the agent only reads its claims) bound to {@code certificatePem}, and known from now on. */
    String issueToken(String certificatePem, Instant issuedAt, Instant expires) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"vm-1\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expires.getEpochSecond()
                        + ",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
        tokens.put(token, new IssuedToken(sha256(certificatePem), expires));
        return token;
    }

    private void renew(HttpExchange ex, Map<String, Object> body) throws IOException {
        if (certificateFailures > 0) {
            certificateFailures--;
            renewalAnswers.add(503);
            send(ex, 503, "{\"status\":503,\"title\":\"Refused\",\"detail\":\"the PKI is not ready\"}");
            return;
        }
        try {
            String cert = pki.sign((String) body.get("csr"), "vm-1");
            issuedCertificates.add(cert);
            Instant now = clock.instant();
            Instant expires = now.plus(renewedTokenLifetime);
            String token = issueToken(cert, now, expires);
            renewedTokens.add(token);
            renewalAnswers.add(200);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("certificate", cert);
            answer.put("certificateExpires", notAfter(cert));
            answer.put("token", token);
            answer.put("tokenExpires", expires.toString());
            send(ex, 200, Json.write(answer));
        } catch (Exception e) {
            send(ex, 400, "{\"status\":400,\"title\":\"bad CSR\",\"detail\":\"" + String.valueOf(e.getMessage()).replace('"', '\'').replace('\n', ' ') + "\"}");
        }
    }

    static String sha256(String certificatePem) throws IOException {
        try {
            return Pem.sha256(Pem.certificates(certificatePem).get(0));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String notAfter(String certificatePem) throws IOException {
        try {
            return Pem.certificates(certificatePem).get(0).getNotAfter().toInstant().toString();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void agent(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/agent/v1/".length());
        String text = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals("firstboot")) {
            firstbootAuthorization = ex.getRequestHeaders().getFirst("Authorization");
            firstbootClientCertificate = clientCertificate(ex);
        }
        if (!authorized(ex)) return;
        if (path.equals("next")) {
            Map<String, Object> next;
            synchronized (actions) {
                next = actions.isEmpty() ? Map.of("id", "end", "type", "done") : actions.poll();
            }
            send(ex, 200, Json.write(next));
        } else if (path.equals("certificate")) {
            renew(ex, Json.readObject(text));
        } else if (path.equals("heartbeat")) {
            heartbeats.incrementAndGet();
            send(ex, 204, null);
        } else if (path.equals("firstboot")) {
            if (firstbootFailures > 0) {
                firstbootFailures--;
                send(ex, 503, "{\"status\":503,\"title\":\"starting\",\"detail\":\"Kiln is starting\"}");
                return;
            }
            firstbootBody = Json.readObject(text);
            send(ex, 204, null);
        } else if (path.matches("actions/[^/]+/progress")) {
            progress.computeIfAbsent(path.split("/")[1], k -> Collections.synchronizedList(new ArrayList<>())).add(Json.readObject(text));
            send(ex, 204, null);
        } else if (path.matches("actions/[^/]+/result")) {
            results.put(path.split("/")[1], Json.readObject(text));
            send(ex, 204, null);
        } else {
            send(ex, 404, "{\"status\":404,\"title\":\"not found\"}");
        }
    }

    private void artifact(HttpExchange ex) throws IOException {
        if (!authorized(ex)) return;
        byte[] data = artifacts.get(ex.getRequestURI().getPath().substring("/artifacts/".length()));
        if (data == null) {
            send(ex, 404, "{\"status\":404,\"title\":\"no such artifact\"}");
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        artifactRanges.add(range);
        int from = 0;
        if (range != null && range.matches("bytes=\\d+-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
            ex.sendResponseHeaders(206, data.length - from);
        } else {
            ex.sendResponseHeaders(200, data.length);
        }
        OutputStream out = ex.getResponseBody();
        long drop = dropArtifactAfter;
        if (drop >= 0 && drop < data.length - from) {
            dropArtifactAfter = -1;
            out.write(data, from, (int) drop);
            out.flush();
            // an exception out of a handler makes the JDK server close the connection mid-body
            throw new IOException("test: connection dropped after " + drop + " bytes");
        }
        out.write(data, from, data.length - from);
        out.close();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
