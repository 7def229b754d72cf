package io.kiln.gitops.internal;

import static io.kiln.gitops.internal.DeclarativeInventoryImplTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.kiln.api.security.ApiAccess;

/** The REST routes, with requests and responses as plain proxies (no container). */
class InventoryApiServletTest {
    @TempDir Path tmp;
    TestInventory t;
    InventoryApiServlet servlet;
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
        InventorySyncImpl sync = new InventorySyncImpl(t.declarative, Fixtures.config(SyncConfig.class, Map.of()), false);
        servlet = new InventoryApiServlet(t.declarative, sync, access);
    }

    @AfterEach
    void close() {
        t.close();
    }

    record Reply(int status, JsonNode body) {
    }

    Reply call(String method, String path, String remote, Map<String, String> params) throws Exception {
        int[] status = {200};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sos = new ServletOutputStream() {
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener l) { }
            @Override public void write(int b) { out.write(b); }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> path;
                    case "getRemoteAddr" -> remote;
                    case "getParameter" -> params.get((String) a[0]);
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                    if (m.getName().equals("setStatus")) status[0] = (Integer) a[0];
                    if (m.getName().equals("getOutputStream")) return sos;
                    return null;
                });
        servlet.service(req, resp);
        return new Reply(status[0], new ObjectMapper().readTree(out.toByteArray()));
    }

    @Test
    void applyDiffExportAndStatusOverRest() throws Exception {
        String sample = Fixtures.sample().toString();
        Reply diff = call("GET", "/diff", "127.0.0.1", Map.of("dir", sample));
        assertEquals(200, diff.status());
        assertEquals(33, diff.body().get("entries").size());
        assertEquals("ADDED", diff.body().get("entries").get(0).get("type").asText());

        Reply applied = call("POST", "/apply", "127.0.0.1", Map.of("dir", sample, "prune", "false"));
        assertEquals(200, applied.status(), applied.body().toString());
        assertEquals("33 created, 0 updated, 0 deleted, 0 unchanged; 14 ZTP instances created with their hosts", applied.body().get("summary").asText());
        assertEquals(33, applied.body().get("created").size());

        Path out = tmp.resolve("export");
        assertEquals(200, call("POST", "/export", "::1", Map.of("dir", out.toString())).status());
        assertEquals(true, call("GET", "/diff", "127.0.0.1", Map.of("dir", out.toString())).body().get("inSync").asBoolean());

        Reply status = call("GET", "/status", "127.0.0.1", Map.of());
        assertEquals("OFF", status.body().get("mode").asText());
    }

    @Test
    void errorsAndRefusals() throws Exception {
        Path bad = Fixtures.copySample(tmp.resolve("inv"));
        Fixtures.write(bad.resolve("hosts/x.yaml"), "name: y\nmacs: [\"52:54:00:00:00:01\"]\n");
        Reply r = call("POST", "/apply", "127.0.0.1", Map.of("dir", bad.toString()));
        assertEquals(400, r.status());
        assertContains(r.body().get("error").asText(), "hosts/x.yaml:1: name 'y' does not match the file name");
        assertEquals(400, call("POST", "/apply", "127.0.0.1", Map.of("dir", "relative/dir")).status());
        assertEquals(400, call("POST", "/apply", "127.0.0.1", Map.of()).status());
        assertEquals(404, call("POST", "/apply", "127.0.0.1", Map.of("dir", tmp.resolve("nope").toString())).status());
        assertEquals(404, call("GET", "/nothing", "127.0.0.1", new HashMap<>()).status());
        assertEquals(403, call("GET", "/status", "192.0.2.7", Map.of()).status());
        authResult = ApiAccess.Decision.UNAUTHENTICATED;
        assertEquals(401, call("GET", "/status", "127.0.0.1", Map.of()).status());
        authResult = ApiAccess.Decision.FORBIDDEN;
        assertEquals(403, call("POST", "/apply", "127.0.0.1", Map.of("dir", bad.toString())).status());
    }
}
