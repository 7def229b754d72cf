package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code PUT /api/v1/users/{name}/password} {current, new}: a user changes their own password (with the current one,
 * whatever their role), an admin anyone's (no current needed). The new one must pass {@link PasswordPolicy}; the
 * user's console sessions are then free of the forced change.
 */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=users/*/password")
public final class PasswordResource implements ApiResource {
    private static final String EXPECTED = "the body must be {\"current\": \"...\", \"new\": \"...\"} (an admin changing another user's "
            + "password may leave out current)";

    private final UserPasswords users;
    private final Sessions sessions;

    @Activate
    public PasswordResource(@Reference UserPasswords users, @Reference Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    /** Whether a call is a password change (any role may change its own). */
    static boolean isChange(List<String> path) {
        return path.size() == 3 && path.get(0).equals("users") && path.get(2).equals("password");
    }

    /** Whether a call is {@code user} changing their own password. */
    static boolean isChangeOf(List<String> path, String user) {
        return isChange(path) && path.get(1).equals(user);
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        if (!isChange(r.path())) throw KilnException.notFound("no such resource: " + r.where() + " (try users/{name}/password)");
        if (!"PUT".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "PUT");
        String target = r.path().get(1);
        StrictBody b = StrictBody.read(r.body(), "password change", EXPECTED, true, "current", "new");
        String next = b.required("new");
        String current = b.text("current");
        boolean own = target.equals(r.user());
        if (!own && !users.roles(r.user()).contains("admin")) throw new ApiProblem(403, "only an admin may change another user's password");
        if (!users.exists(target)) throw KilnException.notFound("no user named '" + target + "'");
        if (own && (current == null || !users.matches(target, current))) throw new ApiProblem(403, "the current password is wrong");
        PasswordPolicy.check(target, next, users.matches(target, next));
        users.set(target, next);
        sessions.passwordChanged(target);
        return ApiResponse.ok(Map.of("user", target, "changed", true));
    }
}
