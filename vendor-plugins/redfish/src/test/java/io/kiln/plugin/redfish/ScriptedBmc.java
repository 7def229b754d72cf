package io.kiln.plugin.redfish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted Redfish BMC for what the test service cannot say (vendor resources and vendor MessageIds): GETs answer the
 * resources given, everything else answers what the test queued for it (else 405), sessions log in. Shared with the
 * quirk bundles' tests (test-jar).
 */
public final class ScriptedBmc implements AutoCloseable {
    /** One request: method, path, how it authenticated (SESSION, BASIC, NONE), its body and its length in bytes. */
    public record Seen(String method, String path, String auth, String body, int size) {
    }

    private record Canned(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, String> resources = new ConcurrentHashMap<>();
    private final Map<String, Deque<Canned>> canned = new ConcurrentHashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    public ScriptedBmc() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A BMC with one system (/redfish/v1/Systems/1, power on) and one manager (/redfish/v1/Managers/1). */
    public static ScriptedBmc oneSystem() throws IOException {
        return new ScriptedBmc()
                .resource("/redfish/v1/Systems", "{\"Members\":[{\"@odata.id\":\"/redfish/v1/Systems/1\"}]}")
                .resource("/redfish/v1/Systems/1", "{\"Id\":\"1\",\"PowerState\":\"On\",\"Links\":{\"ManagedBy\":[{\"@odata.id\":\"/redfish/v1/Managers/1\"}]}}")
                .resource("/redfish/v1/Managers", "{\"Members\":[{\"@odata.id\":\"/redfish/v1/Managers/1\"}]}")
                .resource("/redfish/v1/Managers/1", "{\"Id\":\"1\"}");
    }

    public ScriptedBmc resource(String path, String json) {
        resources.put(path, json);
        return this;
    }

    /** The next {@code method path} is answered so (queued in order). */
    public ScriptedBmc answer(String method, String path, int status, String json) {
        canned.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(new Canned(status, json));
        return this;
    }

    /** An error body with one @Message.ExtendedInfo entry. */
    public static String error(String messageId, String message) {
        return "{\"error\":{\"code\":\"Base.1.8.GeneralError\",\"message\":\"See ExtendedInfo\",\"@Message.ExtendedInfo\":[{\"MessageId\":\""
                + messageId + "\",\"Message\":\"" + message + "\"}]}}";
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public List<Seen> seen(String method, String path) {
        return seen().stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        byte[] raw = ex.getRequestBody().readAllBytes();
        String body = new String(raw, StandardCharsets.UTF_8);
        String auth = ex.getRequestHeaders().containsKey("X-auth-token") ? "SESSION"
                : ex.getRequestHeaders().containsKey("Authorization") ? "BASIC" : "NONE";
        seen.add(new Seen(method, path, auth, body, raw.length));
        Deque<Canned> q = canned.get(method + " " + path);
        Canned c = q == null ? null : q.poll();
        if (c != null) {
            send(ex, c.status(), c.body());
        } else if (method.equals("POST") && path.equals("/redfish/v1/SessionService/Sessions")) {
            ex.getResponseHeaders().set("X-Auth-Token", "token-1");
            ex.getResponseHeaders().set("Location", "/redfish/v1/SessionService/Sessions/1");
            send(ex, 201, "{\"@odata.id\":\"/redfish/v1/SessionService/Sessions/1\"}");
        } else if (method.equals("GET") && resources.containsKey(path)) {
            send(ex, 200, resources.get(path));
        } else if (method.equals("GET")) {
            send(ex, 404, error("Base.1.8.ResourceMissingAtURI", "The resource at the URI " + path + " was not found."));
        } else {
            send(ex, 405, error("Base.1.8.OperationNotAllowed", "The operation was not allowed."));
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
