package io.kiln.plugin.redfish;

import io.kiln.plugin.redfish.internal.HostSettings;
import io.kiln.plugin.redfish.internal.Trust;
import io.kiln.spi.vendor.UpdateProgress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the plugin keeps of one BMC between calls: its HTTP client (with the host's TLS trust), the session it logged
 * in with (token and the session's URI, for logout; never the password), whether it refuses sessions, and what each
 * running update task last said with when it may be asked again.
 */
final class BmcConnection {
    final HostSettings settings;
    final Trust trust;
    final HttpClient http;
    private String token;
    private String sessionUri;
    private String sessionUser;
    private volatile boolean sessionsRefused;
    private volatile String systemPath;
    final Map<String, Poll> polls = new ConcurrentHashMap<>();

    /** A task's last answer and when the BMC said to ask again ({@code Retry-After}). */
    record Poll(UpdateProgress last, Instant notBefore) {
    }

    BmcConnection(HostSettings settings) throws GeneralSecurityException, IOException {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.base().getScheme().equals("https")) {
            trust = Trust.of(settings);
            b.sslContext(trust.context());
        } else {
            trust = null;
        }
        http = b.build();
    }

    /** The key under which the plugin caches a connection: a change of address, trust, timeouts or user is a new one. */
    static String key(HostSettings s, String user) {
        return s.base() + "|" + s.tlsSha256() + "|" + s.caFile() + "|" + s.insecure() + "|" + s.timeout() + "|" + s.powerWait() + "|"
                + s.systemId() + "|" + s.managerId() + "|" + user;
    }

    synchronized String token(String user) {
        return token != null && user != null && user.equals(sessionUser) ? token : null;
    }

    synchronized void session(String user, String token, String uri) {
        this.sessionUser = user;
        this.token = token;
        this.sessionUri = uri;
    }

    /** Forgets the session if it is still this token (another call may have logged in again already). */
    synchronized void forget(String stale) {
        if (stale != null && stale.equals(token)) {
            token = null;
            sessionUri = null;
        }
    }

    boolean sessionsRefused() {
        return sessionsRefused;
    }

    void refuseSessions() {
        sessionsRefused = true;
    }

    String systemPath() {
        return systemPath;
    }

    void systemPath(String p) {
        systemPath = p;
    }

    /** Logs out of the session, if any (DELETE of its URI), best effort: the BMC expires it anyway. */
    void logout() {
        String t;
        String uri;
        synchronized (this) {
            t = token;
            uri = sessionUri;
            token = null;
            sessionUri = null;
        }
        if (t == null || uri == null) return;
        try {
            HttpRequest req = HttpRequest.newBuilder(settings.base().resolve(URI.create(uri).getRawPath())).timeout(Duration.ofSeconds(5))
                    .header("X-Auth-Token", t).DELETE().build();
            http.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (IOException | RuntimeException e) {
            // best effort: the session times out on the BMC
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
