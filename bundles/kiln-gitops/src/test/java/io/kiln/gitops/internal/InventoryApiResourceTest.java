package io.kiln.gitops.internal;

import static io.kiln.gitops.internal.DeclarativeInventoryImplTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.security.ApiAccess;
import io.kiln.web.internal.ApiServlet;
import io.kiln.web.internal.EntityResource;
import io.kiln.web.internal.TftpResource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inventory resource as it runs: through kiln-web's one /api/v1 servlet, next to kiln-web's own entity and TFTP
 * resources, with requests and responses as plain proxies (no container). The same fault gets the same status and
 * the same problem+json shape from either bundle.
 */
class InventoryApiResourceTest {
    static final String HOST = "{\"name\":\"h1\",\"macs\":[\"52:54:00:00:00:01\"]}";

    @TempDir Path tmp;
    TestInventory t;
    ApiServlet servlet;
    InventoryApiResource inventoryApi;
    ApiAccess.Decision authResult = ApiAccess.Decision.ALLOWED;

    @BeforeEach
    void open() {
        t = new TestInventory(tmp.resolve("data"));
        ApiAccess access = new ApiAccess() {
            @Override
            public Decision check(String remoteAddress, String authorization, boolean write) {
                return remoteAddress.startsWith("127.") || remoteAddress.equals("::1") ? authResult : Decision.CLIENT_REFUSED;
            }

            @Override
            public String explain(Decision decision, String remoteAddress) {
                return decision.name();
            }
        };
        InventorySyncImpl sync = new InventorySyncImpl(t.declarative, Map.of(), false);
        servlet = new ApiServlet(access);
        inventoryApi = new InventoryApiResource(t.declarative, sync);
        servlet.addResource(inventoryApi, Map.of(ApiResource.PATH, "inventory"));
        servlet.addResource(new EntityResource(t.inventory, null), Map.of(ApiResource.PATH, new String[] {"sites", "hosts"}));
        servlet.addResource(new TftpResource(null), Map.of(ApiResource.PATH, "tftp")); // the TFTP component is down
    }

    @AfterEach
    void close() {
        t.close();
    }

    record Reply(int status, Map<String, String> headers, JsonNode body) {
    }

    Reply call(String method, String path, String remote, Map<String, String> params) throws Exception {
        return call(method, path, remote, params, null);
    }

    Reply call(String method, String path, String remote, Map<String, String> params, String body) throws Exception {
        int[] status = {200};
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sos = new ServletOutputStream() {
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener l) { }
            @Override public void write(int b) { out.write(b); }
        };
        ByteArrayInputStream in = new ByteArrayInputStream(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        ServletInputStream sis = new ServletInputStream() {
            @Override public boolean isFinished() { return in.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener l) { }
            @Override public int read() { return in.read(); }
        };
        String query = params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> path;
                    case "getRemoteAddr" -> remote;
                    case "getQueryString" -> query.isEmpty() ? null : query;
                    case "getHeaderNames" -> Collections.enumeration(body == null ? List.of() : List.of("Content-Type"));
                    case "getHeaders" -> Collections.enumeration(List.of("application/json"));
                    case "getHeader" -> null;
                    case "getInputStream" -> sis;
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) a[0]);
                        case "getOutputStream" -> {
                            return sos;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return new Reply(status[0], headers, new ObjectMapper().readTree(out.toByteArray()));
    }

    @Test
    void applyDiffExportAndStatusOverRest() throws Exception {
        String sample = Fixtures.sample().toString();
        Reply diff = call("GET", "/inventory/diff", "127.0.0.1", Map.of("dir", sample));
        assertEquals(200, diff.status());
        assertEquals("application/json", diff.headers().get("Content-Type"));
        assertEquals(33, diff.body().get("entries").size());
        assertEquals("ADDED", diff.body().get("entries").get(0).get("type").asText());

        Reply applied = call("POST", "/inventory/apply", "127.0.0.1", Map.of("dir", sample, "prune", "false"));
        assertEquals(200, applied.status(), applied.body().toString());
        assertEquals("33 created, 0 updated, 0 deleted, 0 unchanged; 14 ZTP instances created with their hosts", applied.body().get("summary").asText());
        assertEquals(33, applied.body().get("created").size());

        Path out = tmp.resolve("export");
        assertEquals(200, call("POST", "/inventory/export", "::1", Map.of("dir", out.toString())).status());
        assertEquals(true, call("GET", "/inventory/diff", "127.0.0.1", Map.of("dir", out.toString())).body().get("inSync").asBoolean());

        Reply status = call("GET", "/inventory/status", "127.0.0.1", Map.of());
        assertEquals("OFF", status.body().get("mode").asText());
    }

    @Test
    void errorsAndRefusals() throws Exception {
        Path bad = Fixtures.copySample(tmp.resolve("inv"));
        Fixtures.write(bad.resolve("hosts/x.yaml"), "name: y\nmacs: [\"52:54:00:00:00:01\"]\n");
        Reply r = call("POST", "/inventory/apply", "127.0.0.1", Map.of("dir", bad.toString()));
        assertEquals(400, r.status());
        assertContains(r.body().get("detail").asText(), "hosts/x.yaml:1: name 'y' does not match the file name");
        assertEquals(r.body().get("detail"), r.body().get("error"), "the earlier 'error' member stays");
        Reply diff = call("GET", "/inventory/diff", "127.0.0.1", Map.of("dir", bad.toString()));
        assertEquals(400, diff.status(), "diff of a tree apply refuses lists the same problems");
        assertEquals(r.body().get("detail").asText().replace(", nothing applied:", ":"), diff.body().get("detail").asText());
        assertEquals(400, call("POST", "/inventory/apply", "127.0.0.1", Map.of("dir", "relative/dir")).status());
        assertEquals(400, call("POST", "/inventory/apply", "127.0.0.1", Map.of()).status());
        assertEquals(404, call("POST", "/inventory/apply", "127.0.0.1", Map.of("dir", tmp.resolve("nope").toString())).status());
        assertEquals(404, call("GET", "/inventory/nothing", "127.0.0.1", new HashMap<>()).status());
        assertEquals(403, call("GET", "/inventory/status", "192.0.2.7", Map.of()).status());
        authResult = ApiAccess.Decision.UNAUTHENTICATED;
        assertEquals(401, call("GET", "/inventory/status", "127.0.0.1", Map.of()).status());
        authResult = ApiAccess.Decision.FORBIDDEN;
        assertEquals(403, call("POST", "/inventory/apply", "127.0.0.1", Map.of("dir", bad.toString())).status());
    }

    /** The same fault on a gitops and on a kiln-web resource: the same status, problem+json, the same members. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ALLOWED         | POST   | /inventory/apply  |        | 400 |",
            "ALLOWED         | GET    | /hosts            | limit=0 | 400 |",
            "UNAUTHENTICATED | GET    | /inventory/status |        | 401 |",
            "UNAUTHENTICATED | GET    | /hosts            |        | 401 |",
            "FORBIDDEN       | POST   | /inventory/sync   |        | 403 |",
            "FORBIDDEN       | POST   | /hosts            |        | 403 |",
            "ALLOWED         | GET    | /inventory/nope   |        | 404 |",
            "ALLOWED         | GET    | /hosts/nope       |        | 404 |",
            "ALLOWED         | GET    | /nothing          |        | 404 |",
            "ALLOWED         | GET    | /inventory/apply  |        | 405 | POST",
            "ALLOWED         | DELETE | /inventory/status |        | 405 | GET",
            "ALLOWED         | DELETE | /hosts            |        | 405 | GET, POST",
            "ALLOWED         | POST   | /tftp/status      |        | 405 | GET",
            "ALLOWED         | GET    | /tftp/status      |        | 503 |"})
    void everyResourceAnswersProblemJson(ApiAccess.Decision who, String method, String path, String query, int status, String allow) throws Exception {
        authResult = who;
        Map<String, String> params = query == null ? Map.of() : Map.of(query.split("=")[0], query.split("=")[1]);
        Reply r = call(method, path, "127.0.0.1", params);
        assertProblem(r, status);
        assertEquals(allow, r.headers().get("Allow"));
        if (status == 401) assertEquals("Basic realm=\"kiln\"", r.headers().get("WWW-Authenticate"));
    }

    @Test
    void aConflictIsA409ProblemAndAMissingServiceA503WhileTheRestAnswers() throws Exception {
        assertEquals(201, call("POST", "/hosts", "127.0.0.1", Map.of(), HOST).status());
        assertProblem(call("POST", "/hosts", "127.0.0.1", Map.of(), HOST), 409);

        Reply tftp = call("GET", "/tftp/status", "127.0.0.1", Map.of());
        assertProblem(tftp, 503);
        assertContains(tftp.body().get("detail").asText(), "the TFTP service is not available: ");
        assertEquals(200, call("GET", "/hosts", "127.0.0.1", Map.of()).status(), "the other resources still answer");

        servlet.removeResource(inventoryApi, Map.of());
        servlet.addResource(new InventoryApiResource(t.declarative, null), Map.of(ApiResource.PATH, "inventory")); // the loop is down
        Reply loop = call("GET", "/inventory/status", "127.0.0.1", Map.of());
        assertProblem(loop, 503);
        assertContains(loop.body().get("detail").asText(), "the GitOps sync loop is not available");
        assertEquals(200, call("GET", "/inventory/diff", "127.0.0.1", Map.of("dir", Fixtures.sample().toString())).status());
    }

    @Test
    void resourcesComeAndGoWithTheirServices() throws Exception {
        servlet.removeResource(inventoryApi, Map.of());
        Reply gone = call("GET", "/inventory/status", "127.0.0.1", Map.of());
        assertProblem(gone, 404);
        assertContains(gone.body().get("detail").asText(), "no such resource: /api/v1/inventory/status (try hosts, session, sites, tftp)");
        servlet.addResource(inventoryApi, Map.of(ApiResource.PATH, "inventory"));
        assertEquals(200, call("GET", "/inventory/status", "127.0.0.1", Map.of()).status());
    }

    static void assertProblem(Reply r, int status) {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals("application/problem+json", r.headers().get("Content-Type"));
        assertEquals(status, r.body().get("status").asInt());
        assertEquals("about:blank", r.body().get("type").asText());
        assertEquals(false, r.body().get("title").asText().isEmpty());
        assertEquals(false, r.body().get("detail").asText().isEmpty(), r.body().toString());
        assertEquals(r.body().get("detail"), r.body().get("error"));
    }
}
