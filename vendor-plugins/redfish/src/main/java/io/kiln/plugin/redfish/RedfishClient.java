package io.kiln.plugin.redfish;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.plugin.redfish.internal.Etags;
import io.kiln.plugin.redfish.internal.ExtendedInfo;
import io.kiln.plugin.redfish.internal.HostSettings;
import io.kiln.plugin.redfish.internal.Retries;
import io.kiln.plugin.redfish.internal.Trust;
import io.kiln.spi.vendor.Credentials;
import io.kiln.spi.vendor.PluginException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Requests to one BMC for one plugin call: logs in with a session (cached per BMC while the plugin runs; HTTP Basic
 * when the BMC refuses sessions), logs in again once on 401, tries again with backoff on 503 (honouring
 * {@code Retry-After}), dropped connections and the quirks' "busy" MessageIds, PATCHes with {@code If-Match}, and
 * turns every failure into a {@link PluginException} with the BMC's own {@code @Message.ExtendedInfo}. It holds the
 * call's credentials only for the call and never puts them in a message.
 */
public final class RedfishClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SESSIONS = "/redfish/v1/SessionService/Sessions";

    private final BmcConnection bmc;
    private final Credentials credentials;
    private final RedfishQuirks quirks;
    /** One new login per call at most (the re-auth after a 401). */
    private boolean reauthenticated;
    /** The session limit was reached during this call: Basic for the rest of it. */
    private boolean basicForThisCall;

    RedfishClient(BmcConnection bmc, Credentials credentials, RedfishQuirks quirks) {
        this.bmc = bmc;
        this.credentials = credentials;
        this.quirks = quirks;
    }

    BmcConnection connection() {
        return bmc;
    }

    /** The BMC's base URI, e.g. {@code https://10.0.0.10}. */
    public URI base() {
        return bmc.settings.base();
    }

    /** A resource as plain Java values (maps, lists, strings, numbers, booleans, null). */
    public Map<String, Object> get(String path) throws PluginException {
        return JSON.convertValue(getJson(path), new TypeReference<Map<String, Object>>() { });
    }

    /** POSTs a JSON body (e.g. an action); returns the answer's body (empty when it has none). */
    public Map<String, Object> post(String path, Map<String, ?> body) throws PluginException {
        Response r = require(send("POST", path, JSON.valueToTree(body), Map.of()), "POST", path);
        return r.body.isObject() ? JSON.convertValue(r.body, new TypeReference<Map<String, Object>>() { }) : Map.of();
    }

    /** PATCHes a JSON body with the resource's ETag as {@code If-Match} (see {@link #patchJson}). */
    public void patch(String path, Map<String, ?> body) throws PluginException {
        patchJson(path, (ObjectNode) JSON.valueToTree(body));
    }

    /** DELETEs a resource. */
    public void delete(String path) throws PluginException {
        require(send("DELETE", path, null, Map.of()), "DELETE", path);
    }

    // ---- JSON level, for the plugin in this package

    /** An answer: status, headers, and the body as JSON (missing when empty or not JSON). */
    record Response(int status, HttpHeaders headers, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        List<ExtendedInfo> infos() {
            return ExtendedInfo.of(body);
        }
    }

    JsonNode getJson(String path) throws PluginException {
        return require(send("GET", path, null, Map.of()), "GET", path).body;
    }

    Response getResponse(String path) throws PluginException {
        return require(send("GET", path, null, Map.of()), "GET", path);
    }

    Response postJson(String path, JsonNode body) throws PluginException {
        return send("POST", path, body, Map.of());
    }

    /**
     * PATCHes with the resource's ETag (its {@code ETag} header, else {@code @odata.etag}) as {@code If-Match}; on 412
     * a weak ETag is sent again as strong, then without {@code If-Match} ({@link Etags}). Returns the answer, 2xx or not.
     */
    Response patchJson(String path, ObjectNode body) throws PluginException {
        Response current = getResponse(path);
        String etag = current.header("ETag");
        if (etag == null && current.body.path("@odata.etag").isTextual()) etag = current.body.path("@odata.etag").asText();
        String ifMatch = etag;
        while (true) {
            Response r = send("PATCH", path, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
            if (r.status != 412) return r;
            Etags.Next next = Etags.after412(ifMatch);
            if (!next.again()) return r;
            ifMatch = next.ifMatch();
        }
    }

    /** The response if it is 2xx, else the BMC's refusal as a PluginException. */
    Response require(Response r, String method, String path) throws PluginException {
        if (r.ok()) return r;
        throw refused(r, method, path);
    }

    PluginException refused(Response r, String method, String path) {
        String said = ExtendedInfo.describe(r.infos());
        boolean busy = Retries.retryable(r.status, ExtendedInfo.ids(r.infos()), quirks.retryableMessageIds());
        return new PluginException("BMC " + base() + " answered " + r.status + " to " + method + " " + path
                + (said == null ? "" : ": " + said) + (busy ? " (still busy after " + quirks.retries() + " retries)" : ""), busy, null);
    }

    /** Sends one request with authentication, retries and re-login; returns whatever status came back last. */
    Response send(String method, String path, JsonNode body, Map<String, String> headers) throws PluginException {
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        return exchange(method, path, () -> bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes),
                bytes == null ? null : "application/json", headers, bmc.settings.timeout(), true);
    }

    /**
     * The request loop.
     *
     * @param auth false for the login itself
     */
    Response exchange(String method, String path, Supplier<HttpRequest.BodyPublisher> body, String contentType, Map<String, String> headers,
                      Duration timeout, boolean auth) throws PluginException {
        int attempt = 0;
        while (true) {
            attempt++;
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(timeout).header("Accept", "application/json")
                    .header("OData-Version", "4.0").method(method, body.get());
            if (contentType != null) b.header("Content-Type", contentType);
            headers.forEach(b::header);
            String token = auth ? authorize(b) : null;
            HttpResponse<byte[]> raw;
            try {
                raw = bmc.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException e) {
                throw new PluginException("BMC " + base() + " did not accept a connection within " + timeout.toSeconds() + " s ("
                        + HostSettings.TIMEOUT + ")", true, null);
            } catch (HttpTimeoutException e) {
                throw new PluginException("BMC " + base() + " did not answer " + method + " " + path + " within " + timeout.toSeconds()
                        + " s (" + HostSettings.TIMEOUT + ")", true, null);
            } catch (ConnectException e) {
                throw new PluginException("cannot connect to BMC " + base() + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()), true, null);
            } catch (IOException e) {
                if (tls(e) != null) throw tlsFailure(tls(e));
                if (attempt <= quirks.retries()) {
                    pause(Retries.delay(attempt, null, Instant.now()));
                    continue;
                }
                throw new PluginException("BMC " + base() + " dropped the connection for " + method + " " + path + " " + attempt + " times ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", true, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("interrupted while waiting for BMC " + base(), true, null);
            }
            Response r = new Response(raw.statusCode(), raw.headers(), parse(raw.body()));
            if (r.status == 401 && auth && token != null && !reauthenticated) {
                // the session expired (or the BMC forgot it): log in again, once per call
                reauthenticated = true;
                bmc.forget(token);
                attempt--;
                continue;
            }
            if (r.status == 401 && auth) {
                throw new PluginException("BMC " + base() + " refused the login of user '" + user() + "' (401)"
                        + (ExtendedInfo.describe(r.infos()) == null ? "" : ": " + ExtendedInfo.describe(r.infos())), false, null);
            }
            boolean noSessionLeft = !auth && ExtendedInfo.ids(r.infos()).stream().anyMatch(id -> Retries.matches(id, quirks.sessionLimitMessageIds()));
            if (!noSessionLeft && Retries.retryable(r.status, ExtendedInfo.ids(r.infos()), quirks.retryableMessageIds()) && attempt <= quirks.retries()) {
                pause(Retries.delay(attempt, r.header("Retry-After"), Instant.now()));
                continue;
            }
            return r;
        }
    }

    /** Adds the session token (logging in first if needed) or HTTP Basic; returns the token used, or null. */
    private String authorize(HttpRequest.Builder b) throws PluginException {
        if (credentials == null) return null;
        if (quirks.sessions() && !bmc.sessionsRefused() && !basicForThisCall) {
            String token = bmc.token(credentials.username());
            if (token == null) token = login();
            if (token != null) {
                b.header("X-Auth-Token", token);
                return token;
            }
        }
        String pair = credentials.username() + ":" + credentials.password();
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        return null;
    }

    /** Creates a session; null when the BMC refuses sessions (then Basic is used). */
    private String login() throws PluginException {
        synchronized (bmc) {
            String token = bmc.token(credentials.username());
            if (token != null) return token;
            ObjectNode body = JSON.createObjectNode().put("UserName", credentials.username()).put("Password", credentials.password());
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            Response r = exchange("POST", SESSIONS, () -> HttpRequest.BodyPublishers.ofByteArray(bytes), "application/json", Map.of(),
                    bmc.settings.timeout(), false);
            token = r.header("X-Auth-Token");
            if (r.ok() && token != null) {
                String location = r.header("Location");
                if (location == null && r.body.path("@odata.id").isTextual()) location = r.body.path("@odata.id").asText();
                bmc.session(credentials.username(), token, location);
                return token;
            }
            if (ExtendedInfo.ids(r.infos()).stream()
                    .anyMatch(id -> Retries.matches(id, quirks.sessionLimitMessageIds()))) {
                basicForThisCall = true; // no session left on the BMC: Basic for this call, a session again next time
                return null;
            }
            if (r.status == 404 || r.status == 405 || r.status == 501) {
                bmc.refuseSessions(); // this BMC has no session service: Basic from now on
                return null;
            }
            // 401/403 (Basic may still work: some BMCs refuse sessions that way; a 401 there is final), or a BMC still
            // busy after the retries: Basic for this call, a session again next time
            basicForThisCall = true;
            return null;
        }
    }

    private String user() {
        return credentials == null ? "(none)" : credentials.username();
    }

    /** The path on this BMC (an absolute URL is reduced to its path, so a request never leaves the BMC). */
    URI uri(String path) {
        URI u = URI.create(path);
        String p = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return base().resolve(p.startsWith("/") ? p : "/" + p);
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) return MissingNode.getInstance();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static SSLException tls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SSLException s) return s;
        return null;
    }

    private PluginException tlsFailure(SSLException e) {
        Trust t = bmc.trust;
        String seen = t == null ? null : t.refusedFingerprint();
        StringBuilder m = new StringBuilder("TLS to BMC " + base() + " failed: ");
        if (seen != null) {
            m.append("its certificate (SHA-256 ").append(Trust.colons(seen)).append(") is not trusted by ").append(t.how())
                    .append("; after checking that it is the BMC's, pin it with ").append(HostSettings.TLS_SHA256).append(", or set ")
                    .append(HostSettings.CA_FILE).append(" (or ").append(HostSettings.INSECURE).append("=true to trust any certificate)");
        } else {
            m.append(e.getMessage());
        }
        return new PluginException(m.toString(), false, null);
    }

    static void pause(Duration d) throws PluginException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting to try the BMC again", true, null);
        }
    }

    static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
