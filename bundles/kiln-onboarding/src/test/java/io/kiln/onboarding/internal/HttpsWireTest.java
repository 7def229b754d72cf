package io.kiln.onboarding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS endpoint over the wire (Jetty, TLS with Kiln's server certificate, client certificates): onboarding,
 * the agent API with and without the host's certificate, and a servlet shared with the HTTP side (as the artifacts are).
 */
class HttpsWireTest {
    @TempDir
    Path dir;
    Kit kit;
    HttpsEndpoint endpoint;
    int port;

    @BeforeEach
    void setUp() throws Exception {
        kit = new Kit(dir);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = new HttpsEndpoint(kit.pki, Map.of("port", Integer.toString(port), "address", "127.0.0.1"));
        endpoint.addServlet(new OnboardServlet(kit.onboarding), Map.of(HttpsEndpoint.PREFIX, "/api/v1/onboard"));
        endpoint.addServlet(new AgentServlet(kit.onboarding), Map.of(HttpsEndpoint.PREFIX, "/agent/v1"));
        endpoint.addServlet(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print(req.getServletPath() + "|" + req.getPathInfo());
            }
        }, Map.of(HttpsEndpoint.PREFIX, "/artifacts"));
        for (int i = 0; i < 100 && endpoint.problem() != null; i++) Thread.sleep(100);
        assertEquals(null, endpoint.problem(), "the endpoint came up");
    }

    @AfterEach
    void tearDown() {
        endpoint.deactivate();
        kit.close();
    }

    /** A client that trusts Kiln's CA only, presenting a certificate when given one. */
    HttpClient client(KeyPair key, String certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Kit.cert(kit.pki.ca().pem()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", key.getPrivate(), "x".toCharArray(), new Certificate[] {Kit.cert(certPem)});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
        }
        // present the certificate whatever CAs the server names (a forger would, too)
        javax.net.ssl.KeyManager[] km = kmf == null ? null : new javax.net.ssl.KeyManager[] {always((javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0])};
        ctx.init(km, tmf.getTrustManagers(), null);
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate names 127.0.0.1
        return HttpClient.newBuilder().sslContext(ctx).sslParameters(p).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> send(HttpClient c, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body());
    }

    String onboardBody(KeyPair key) throws Exception {
        return Json.write(Json.object().put("uuid", Kit.UUID).put("serial", Kit.SERIAL).put("token", kit.token("vm-1")).put("csr", Kit.csr(key))
                .set("macs", Json.MAPPER.createArrayNode().add(Kit.MAC)));
    }

    @Test
    void anAgentOnboardsOverHttpsThenUsesTheAgentApiWithItsCertificate() throws Exception {
        KeyPair key = Kit.key();
        HttpResponse<String> r = send(client(null, null), "POST", "/api/v1/onboard", null, onboardBody(key));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode b = json(r);
        assertEquals("vm-1", b.path("host").asText());
        assertEquals("https://127.0.0.1:" + port + "/agent/v1", b.path("agentUrl").asText());
        String cert = b.path("certificate").asText(), token = b.path("token").asText();

        HttpClient agent = client(key, cert);
        HttpResponse<String> next = send(agent, "GET", "/agent/v1/next", token, null);
        for (int i = 0; i < 500 && json(next).path("type").asText().equals("wait"); i++) { // the workflow engine gets there
            Thread.sleep(20);
            next = send(agent, "GET", "/agent/v1/next", token, null);
        }
        assertEquals(200, next.statusCode(), next.body());
        assertEquals("image", json(next).path("type").asText());
        assertEquals("https://127.0.0.1:" + port + "/artifacts/os.img.gz", json(next).path("url").asText(), "artifact paths made absolute on HTTPS");
        String id = json(next).path("id").asText();
        HttpResponse<String> progress = send(agent, "POST", "/agent/v1/actions/" + id + "/progress", token, "{\"percent\":10,\"message\":\"m\"}");
        assertEquals(204, progress.statusCode(), progress.body());
        HttpResponse<String> bad = send(agent, "POST", "/agent/v1/actions/" + id + "/result", token, "{\"message\":\"no ok\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("ok: true or false is missing"), bad.body());
        assertEquals(204, send(agent, "POST", "/agent/v1/heartbeat", token, "{}").statusCode());
    }

    @Test
    void theAgentApiRefusesCallersWithoutTheRightCredentials() throws Exception {
        KeyPair key = Kit.key();
        JsonNode b = json(send(client(null, null), "POST", "/api/v1/onboard", null, onboardBody(key)));
        String token = b.path("token").asText();
        HttpResponse<String> noCert = send(client(null, null), "GET", "/agent/v1/next", token, null);
        assertEquals(401, noCert.statusCode());
        assertTrue(noCert.body().contains("no client certificate") && noCert.headers().firstValue("Content-Type").orElse("").contains("problem+json"),
                noCert.body());
        HttpResponse<String> noToken = send(client(key, b.path("certificate").asText()), "GET", "/agent/v1/next", null, null);
        assertEquals(401, noToken.statusCode());
        // a certificate from another CA, naming vm-1 all the same
        KeyPair other = Kit.key();
        HttpClient forger = client(other, pem(Kit.foreign(other)));
        HttpResponse<String> forged = send(forger, "GET", "/agent/v1/next", token, null);
        assertEquals(403, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("not issued by this Kiln"), forged.body());
    }

    @Test
    void onboardingRefusalsAreProblemDocuments() throws Exception {
        HttpResponse<String> garbage = send(client(null, null), "POST", "/api/v1/onboard", null, "not json");
        assertEquals(400, garbage.statusCode());
        assertTrue(garbage.body().contains("not JSON"), garbage.body());
        String unknown = Json.write(Json.object().put("csr", Kit.csr(Kit.key())).set("macs", Json.MAPPER.createArrayNode().add("52:54:00:0b:00:77")));
        HttpResponse<String> waits = send(client(null, null), "POST", "/api/v1/onboard", null, unknown);
        assertEquals(202, waits.statusCode());
        assertEquals("pending", json(waits).path("state").asText());
        assertEquals("10", waits.headers().firstValue("Retry-After").orElse(""));
        HttpResponse<String> nothing = send(client(null, null), "GET", "/nothing", null, null);
        assertEquals(404, nothing.statusCode());
    }

    @Test
    void aSharedServletSeesPathsAsTheWhiteboardWouldSetThem() throws Exception {
        HttpResponse<String> r = send(client(null, null), "GET", "/artifacts/os/img.gz", null, null);
        assertEquals("/artifacts|/os/img.gz", r.body());
    }

    static javax.net.ssl.X509KeyManager always(javax.net.ssl.X509KeyManager d) {
        return new javax.net.ssl.X509ExtendedKeyManager() {
            public String[] getClientAliases(String t, java.security.Principal[] i) {
                return new String[] {"me"};
            }

            public String chooseClientAlias(String[] t, java.security.Principal[] i, java.net.Socket s) {
                return "me";
            }

            @Override
            public String chooseEngineClientAlias(String[] t, java.security.Principal[] i, javax.net.ssl.SSLEngine e) {
                return "me";
            }

            public String[] getServerAliases(String t, java.security.Principal[] i) {
                return null;
            }

            public String chooseServerAlias(String t, java.security.Principal[] i, java.net.Socket s) {
                return null;
            }

            public java.security.cert.X509Certificate[] getCertificateChain(String a) {
                return d.getCertificateChain(a);
            }

            public java.security.PrivateKey getPrivateKey(String a) {
                return d.getPrivateKey(a);
            }
        };
    }

    static String pem(java.security.cert.X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
