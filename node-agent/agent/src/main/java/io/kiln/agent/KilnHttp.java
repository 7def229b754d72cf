package io.kiln.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * HTTPS to Kiln with JSON bodies, over a context trusting only the pinned CA. A pin refusal becomes an
 * {@link AgentFailure} (retrying cannot help); network trouble stays an IOException for the caller to retry.
 *
 * <p>The client (its TLS context, hence the client certificate) and the bearer token form one session that
 * {@link #use} replaces as a whole, so a request never pairs the new certificate with the old token. Before each
 * request a hook runs (the agent API's {@link CertificateRenewal}); onboarding has none.
 */
final class KilnHttp {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Runs before each request; may replace the session (renewal). */
    @FunctionalInterface
    interface BeforeRequest {
        void run() throws InterruptedException;
    }

    private record Session(HttpClient client, String bearer) {
    }

    private volatile Session session;
    private volatile BeforeRequest beforeRequest = () -> { };

    KilnHttp(SSLContext ssl, String bearerToken) {
        use(ssl, bearerToken);
    }

    /** From now on every request goes with this TLS context (client certificate) and token; requests under way finish with the old. */
    void use(SSLContext ssl, String bearerToken) {
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER).build();
        session = new Session(client, bearerToken);
    }

    void beforeEachRequest(BeforeRequest hook) {
        this.beforeRequest = hook;
    }

    KilnReply post(String url, Object body) throws IOException, InterruptedException {
        beforeRequest.run();
        return postWithoutHook(url, body);
    }

    /** {@link #post} without the before-request hook: the renewal's own request. */
    KilnReply postWithoutHook(String url, Object body) throws IOException, InterruptedException {
        Session s = session;
        HttpRequest.Builder b = request(s, url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        return send(s, b.build(), url);
    }

    KilnReply get(String url) throws IOException, InterruptedException {
        beforeRequest.run();
        Session s = session;
        return send(s, request(s, url).GET().build(), url);
    }

    /** A streaming GET (image downloads), from byte {@code from} on when {@code from > 0}. */
    HttpResponse<InputStream> stream(String url, long from) throws IOException, InterruptedException {
        beforeRequest.run();
        Session s = session;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url)).GET();
        if (s.bearer() != null) b.header("Authorization", "Bearer " + s.bearer());
        if (from > 0) b.header("Range", "bytes=" + from + "-");
        try {
            return s.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw pinRefusalOr(e, url);
        }
    }

    private static HttpRequest.Builder request(Session s, String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (s.bearer() != null) b.header("Authorization", "Bearer " + s.bearer());
        return b;
    }

    private static KilnReply send(Session s, HttpRequest request, String url) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = s.client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new KilnReply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw pinRefusalOr(e, url);
        }
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new AgentFailure(ExitCode.USAGE, "'" + url + "' is not a URL: " + e.getMessage());
        }
    }

    /** The pin's own message when the handshake failed because of it, else the IOException as it was. */
    static IOException pinRefusalOr(IOException e, String url) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PinnedTrustManager.PinRefused) {
                throw new AgentFailure(ExitCode.PIN_REFUSED, "refusing to talk to " + url + ": " + t.getMessage(), e);
            }
        }
        return e;
    }

    /** An IOException in words: the JDK's messages are often null or terse. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        String type = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException) return "connection refused or unreachable" + (m == null ? "" : " (" + m + ")");
        if (e instanceof java.net.http.HttpConnectTimeoutException) return "connection timed out";
        if (e instanceof java.net.http.HttpTimeoutException) return "no answer in time";
        return m == null || m.isBlank() ? type : m + " (" + type + ")";
    }
}
