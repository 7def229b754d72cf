package io.kiln.web.internal;

import io.kiln.api.rest.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * HTTP Basic against Karaf's JAAS realm (etc/users.properties by default): the same users as the shell.
 * Reads need any authenticated user with role viewer, manager or admin; writes need admin or manager; installing
 * code (a plugin upload) needs admin.
 */
final class JaasApiAuth implements ApiAuth {
    private final String realm;

    JaasApiAuth(String realm) {
        this.realm = realm;
    }

    @Override
    public Result check(String authorization, boolean write) {
        Set<String> roles = roles(authorization);
        if (roles == null) return Result.UNAUTHENTICATED;
        if (write) return roles.contains("admin") || roles.contains("manager") ? Result.OK : Result.FORBIDDEN;
        return roles.contains("admin") || roles.contains("manager") || roles.contains("viewer") ? Result.OK : Result.FORBIDDEN;
    }

    @Override
    public Result checkAdmin(String authorization) {
        Set<String> roles = roles(authorization);
        if (roles == null) return Result.UNAUTHENTICATED;
        return roles.contains("admin") ? Result.OK : Result.FORBIDDEN;
    }

    /** The caller's Karaf roles, or null when the login fails. */
    private Set<String> roles(String authorization) {
        String decoded = basic(authorization);
        int colon = decoded == null ? -1 : decoded.indexOf(':');
        if (colon < 0) return null;
        return login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }

    /**
     * A JAAS login in the realm.
     *
     * @return the user's roles, or null when the name or password is wrong
     * @throws ApiProblem 503 when the realm cannot check passwords (not a failed login)
     */
    Set<String> login(String user, char[] password) {
        Subject subject = new Subject();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        try {
            // Karaf's JAAS config is global; the TCCL must see javax.security classes only
            Thread.currentThread().setContextClassLoader(JaasApiAuth.class.getClassLoader());
            LoginContext lc = new LoginContext(realm, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) n.setName(user);
                    else if (c instanceof PasswordCallback p) p.setPassword(password);
                    else throw new UnsupportedCallbackException(c);
                }
            });
            lc.login();
        } catch (FailedLoginException e) { // Karaf's login modules: no such user, or the password does not match
            return null;
        } catch (LoginException e) {
            // the realm itself cannot answer (Karaf still starting: "No LoginModules configured"): no wrong password,
            // so nothing the failed-login limit may count; a client polling Kiln while it starts must not lock itself out
            throw new ApiProblem(503, "the password cannot be checked now: Karaf's login realm '" + realm + "' is not available ("
                    + e.getMessage() + "); try again shortly", Map.of("Retry-After", "5"));
        } finally {
            Thread.currentThread().setContextClassLoader(tccl);
        }
        return subject.getPrincipals().stream()
                .filter(p -> p.getClass().getSimpleName().equals("RolePrincipal")).map(Principal::getName).collect(Collectors.toSet());
    }

    /** The user name of an HTTP Basic Authorization header (checked or not), or null. */
    static String user(String authorization) {
        String decoded = basic(authorization);
        int colon = decoded == null ? -1 : decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(0, colon);
    }

    /** "Basic dXNlcjpwdw==" -> "user:pw", or null. */
    private static String basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            return new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
