package io.kiln.web.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One console login: its user and roles, the token state-changing calls must repeat (CSRF), whether the user must
 * change the shipped password before anything else, and when it began and was last used (for the two timeouts).
 * The id is the cookie's value and never appears in any JSON.
 */
record Session(String id, String user, Set<String> roles, String csrfToken, boolean mustChangePassword, Instant created,
               Instant lastUsed) {
    Session {
        roles = Set.copyOf(roles);
    }

    boolean mayRead() {
        return mayWrite() || roles.contains("viewer");
    }

    /** Admins and managers change state; viewers only read. */
    boolean mayWrite() {
        return roles.contains("admin") || roles.contains("manager");
    }

    /** Whether a request's X-CSRF-Token header is this session's token (compared in constant time). */
    boolean csrfMatches(String header) {
        return header != null && java.security.MessageDigest.isEqual(header.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                csrfToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Session usedAt(Instant now) {
        return new Session(id, user, roles, csrfToken, mustChangePassword, created, now);
    }

    Session passwordChanged() {
        return new Session(id, user, roles, csrfToken, false, created, lastUsed);
    }

    /** What the browser learns of its session: {user, roles, csrfToken, mustChangePassword, expires} (no id). */
    Map<String, Object> view(Instant expires) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("roles", List.copyOf(new TreeSet<>(roles)));
        out.put("csrfToken", csrfToken);
        out.put("mustChangePassword", mustChangePassword);
        out.put("expires", expires);
        return out;
    }
}
