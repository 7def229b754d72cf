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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Kiln's side of PROTOCOL.md, as far as tests need it: onboarding (202 first, then 200 with a certificate signed
 * from the agent's CSR), the agent API behind a client certificate + bearer token, and artifacts with Range support
 * and a connection that can be dropped once.
 */
final class FakeKiln implements AutoCloseable {
    static final String TOKEN = "jwt-for-vm-1";

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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("host", "vm-1");
        answer.put("certificate", cert);
        answer.put("ca", pki.caPem);
        answer.put("certificateExpires", "2030-01-01T00:00:00Z");
        answer.put("token", TOKEN);
        answer.put("tokenExpires", "2030-01-01T00:00:00Z");
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
        if (clientCertificate(ex) == null) {
            agentCallsWithoutClientCert.add(path);
            send(ex, 401, "{\"status\":401,\"title\":\"client certificate required\",\"detail\":\"no client certificate\"}");
            return false;
        }
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 403, "{\"status\":403,\"title\":\"wrong token\",\"detail\":\"the token is not this host's\"}");
            return false;
        }
        return true;
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
