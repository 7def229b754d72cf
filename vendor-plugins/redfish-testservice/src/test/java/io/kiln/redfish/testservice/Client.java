package io.kiln.redfish.testservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A small Redfish client over java.net.http for the tests: Basic or session credentials, JSON in and out. */
final class Client {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, headers, body as JSON (or null). */
    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return raw.body().isEmpty() ? null : JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The first @Message.ExtendedInfo MessageId of an error body. */
        String messageId() {
            return json().path("error").path("@Message.ExtendedInfo").path(0).path("MessageId").asText();
        }
    }

    final HttpClient http;
    final URI base;
    String authorization;
    String token;

    Client(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    Client(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    Client basic(String user, String password) {
        authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        token = null;
        return this;
    }

    Client anonymous() {
        authorization = null;
        token = null;
        return this;
    }

    /** Logs in with a session; the token is then used instead of Basic. Returns the 201 answer. */
    Answer login(String user, String password) {
        Answer a = send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"" + user + "\",\"Password\":\"" + password + "\"}", Map.of());
        if (a.status == 201) {
            token = a.header("X-Auth-Token");
            authorization = null;
        }
        return a;
    }

    Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    Answer post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    Answer patch(String path, String json, String ifMatch) {
        return send("PATCH", path, json, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Answer send(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return send(b);
    }

    Answer send(HttpRequest.Builder b) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
