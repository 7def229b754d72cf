package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResponse;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code /api/v1/session}: the console's login (POST {user, password}), who am I (GET) and logout (DELETE). It is the
 * one path that answers without credentials (a login has none yet); the servlet has checked the client address.
 */
final class SessionEndpoint {
    static final String PATH = "session";
    private static final String EXPECTED = "the body must be {\"user\": \"...\", \"password\": \"...\"}";

    private final Sessions sessions;

    SessionEndpoint(Sessions sessions) {
        this.sessions = sessions;
    }

    /**
     * @param address the client's address
     * @param secure  the request came over HTTPS (the cookie is then Secure)
     */
    ApiResponse handle(ApiRequest r, String address, boolean secure) {
        if (r.path().size() != 1) throw KilnException.notFound("no such resource: " + r.where() + " (try session)");
        String id = SessionCookie.id(r.header("Cookie"));
        switch (r.method()) {
            case "POST" -> {
                StrictBody b = StrictBody.read(r.body(), "login", EXPECTED, true, "user", "password");
                char[] password = b.required("password").toCharArray();
                try {
                    Session s = sessions.login(address, b.required("user"), password);
                    sessions.logout(id); // a new login replaces the browser's old session (no fixation)
                    return new ApiResponse(200, Map.of("Set-Cookie", SessionCookie.set(s.id(), secure), "Cache-Control", "no-store"),
                            s.view(sessions.expires(s)));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case "GET", "HEAD" -> {
                Session s = sessions.find(id).orElseThrow(SessionEndpoint::noSession);
                return new ApiResponse(200, Map.of("Cache-Control", "no-store"), s.view(sessions.expires(s)));
            }
            case "DELETE" -> {
                Session s = sessions.find(id).orElseThrow(SessionEndpoint::noSession);
                if (!s.csrfMatches(r.header("X-CSRF-Token"))) throw Csrf.refused();
                sessions.logout(id);
                return new ApiResponse(200, Map.of("Set-Cookie", SessionCookie.clear(secure)), Map.of("loggedOut", s.user()));
            }
            default -> throw ApiProblem.methodNotAllowed(r, "GET", "POST", "DELETE");
        }
    }

    /** 401 without WWW-Authenticate: the console shows its own login, not the browser's Basic prompt. */
    static ApiProblem noSession() {
        return new ApiProblem(401, "not logged in, or the session has expired: log in again");
    }
}
