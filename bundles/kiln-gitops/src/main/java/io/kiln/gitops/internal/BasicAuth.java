package io.kiln.gitops.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * HTTP Basic against Karaf's JAAS realm, with kiln-web's rules (a copy of its check, kept minimal): reads need role
 * viewer, manager or admin; writes need admin or manager.
 */
class BasicAuth {
    /** The outcome of a check. */
    enum Result { OK, UNAUTHENTICATED, FORBIDDEN }

    private final String realm;

    BasicAuth(String realm) {
        this.realm = realm;
    }

    /** @param authorization the Authorization header, or null  @param write whether the request changes state */
    Result check(String authorization, boolean write) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Result.UNAUTHENTICATED;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Result.UNAUTHENTICATED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return Result.UNAUTHENTICATED;
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Subject subject = new Subject();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(BasicAuth.class.getClassLoader());
            LoginContext lc = new LoginContext(realm, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) n.setName(user);
                    else if (c instanceof PasswordCallback p) p.setPassword(password);
                    else throw new UnsupportedCallbackException(c);
                }
            });
            lc.login();
        } catch (LoginException e) {
            return Result.UNAUTHENTICATED;
        } finally {
            Thread.currentThread().setContextClassLoader(tccl);
        }
        Set<String> roles = subject.getPrincipals().stream()
                .filter(p -> p.getClass().getSimpleName().equals("RolePrincipal")).map(Principal::getName).collect(Collectors.toSet());
        boolean manage = roles.contains("admin") || roles.contains("manager");
        if (write) return manage ? Result.OK : Result.FORBIDDEN;
        return manage || roles.contains("viewer") ? Result.OK : Result.FORBIDDEN;
    }
}
