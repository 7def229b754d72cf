package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.CredentialStore;
import io.kiln.api.hardware.StoredCredential;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * BMC logins over REST, write-only as in the shell: {@code GET /api/v1/credentials} (names and users, as
 * kiln:credential-list), {@code PUT /api/v1/credentials/{name}} ({@code {"username":..,"password":..}}) and
 * {@code DELETE /api/v1/credentials/{name}}. No answer, error or log line carries a password.
 */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=credentials")
public final class CredentialResource implements ApiResource {
    private static final String EXPECTED = "the body must be {\"username\": USER, \"password\": SECRET}";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CredentialStore store;

    public CredentialResource() {
    }

    /** For tests: a resource with its store (or null). */
    CredentialResource(CredentialStore store) {
        this.store = store;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        if (p.size() > 2) throw KilnException.notFound("no such resource: " + r.where() + " (try credentials, credentials/{name})");
        String[] allowed = p.size() == 1 ? new String[] {"GET"} : new String[] {"PUT", "DELETE"};
        if (!Arrays.asList(allowed).contains(r.method())) throw ApiProblem.methodNotAllowed(r, allowed);
        CredentialStore s = store;
        if (s == null) throw ApiProblem.unavailable("the credential store", "its component is not running; see the Kiln log");
        if (p.size() == 1) return ApiResponse.ok(Map.of("items", s.list()));
        String name = p.get(1);
        if ("DELETE".equals(r.method())) {
            if (!s.remove(name)) throw KilnException.notFound("no credential named '" + name + "'");
            return ApiResponse.ok(Map.of("removed", name));
        }
        StrictBody b = StrictBody.read(r.body(), "credential", EXPECTED, true, "username", "password");
        String user = b.required("username");
        char[] password = b.required("password").toCharArray();
        boolean existed = s.list().stream().anyMatch(c -> c.name().equals(name));
        try {
            s.set(name, user, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        StoredCredential stored = new StoredCredential(name, user);
        return existed ? ApiResponse.ok(stored) : new ApiResponse(201, Map.of("Location", "/api/v1/credentials/" + name), stored);
    }
}
