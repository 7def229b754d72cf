package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
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
 * Onboarding decisions over REST, as in the shell: {@code GET /api/v1/pending[?all=true]} (kiln:host-pending),
 * {@code POST /api/v1/pending/{id}/approve} ({@code {"host":..,"register":..,"site":..,"role":..}}, all optional;
 * kiln:host-approve), {@code POST /api/v1/pending/{id}/reject} ({@code {"reason":..}}; kiln:host-reject), and
 * {@code GET /api/v1/journal/{host}} (the path kiln:host-show prints), and the auto-enrollment rules:
 * {@code GET /api/v1/enrollment-rules}, {@code PUT /api/v1/enrollment-rules/{name}} ({@code {"site":..,"role":..,
 * "vendor":..,"model":..,"serial":..,"macPrefix":..,"pci":..,"namePattern":..}}), {@code DELETE .../{name}}.
 */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=pending", ApiResource.PATH + "=journal",
        ApiResource.PATH + "=enrollment-rules"})
public final class OnboardingResource implements ApiResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Onboarding onboarding;

    public OnboardingResource() {
    }

    OnboardingResource(Onboarding onboarding) {
        this.onboarding = onboarding;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        Onboarding o = onboarding;
        if (o == null) throw ApiProblem.unavailable("onboarding", "kiln-onboarding is not running; kiln:status says why");
        for (String q : r.params().keySet()) {
            if (!(q.equals("all") && p.size() == 1 && p.get(0).equals("pending"))) {
                throw KilnException.invalid("unknown parameter '" + q + "' on " + r.where() + (p.get(0).equals("pending") ? " (all)" : " (none)"));
            }
        }
        if (p.get(0).equals("enrollment-rules")) return rules(r, o);
        if (p.get(0).equals("journal")) {
            if (p.size() != 2) throw KilnException.notFound("no such resource: " + r.where() + " (try journal/{host})");
            if (!r.method().equals("GET")) throw ApiProblem.methodNotAllowed(r, "GET");
            return ApiResponse.ok(Map.of("host", p.get(1), "items", o.journal(p.get(1))));
        }
        if (p.size() == 1) {
            if (!r.method().equals("GET")) throw ApiProblem.methodNotAllowed(r, "GET");
            boolean all = "true".equals(r.param("all"));
            return ApiResponse.ok(Map.of("items", o.pending().stream().filter(m -> all || m.state() == PendingMachine.State.PENDING).toList()));
        }
        if (p.size() != 3 || !Arrays.asList("approve", "reject").contains(p.get(2))) {
            throw KilnException.notFound("no such resource: " + r.where() + " (try pending, pending/{id}/approve, pending/{id}/reject)");
        }
        if (!r.method().equals("POST")) throw ApiProblem.methodNotAllowed(r, "POST");
        String who = r.user() == null ? "an API user" : r.user();
        if (p.get(2).equals("approve")) {
            if (r.body().length == 0) return ApiResponse.ok(o.approve(p.get(1), null, false, null, null, who));
            StrictBody b = StrictBody.read(r.body(), "approval", "the body may be {\"host\": NAME, \"register\": true, \"site\": S, \"role\": R}",
                    false, "host", "register", "site", "role");
            return ApiResponse.ok(o.approve(p.get(1), b.text("host"), b.bool("register"), b.text("site"), b.text("role"), who));
        }
        if (r.body().length == 0) return ApiResponse.ok(o.reject(p.get(1), null, who));
        StrictBody b = StrictBody.read(r.body(), "rejection", "the body may be {\"reason\": TEXT}", false, "reason");
        return ApiResponse.ok(o.reject(p.get(1), b.text("reason"), who));
    }

    private static ApiResponse rules(ApiRequest r, Onboarding o) {
        List<String> p = r.path();
        if (p.size() == 1) {
            if (!r.method().equals("GET")) throw ApiProblem.methodNotAllowed(r, "GET");
            return ApiResponse.ok(Map.of("items", o.rules()));
        }
        if (p.size() != 2) throw KilnException.notFound("no such resource: " + r.where() + " (try enrollment-rules, enrollment-rules/{name})");
        if (r.method().equals("DELETE")) {
            o.removeRule(p.get(1));
            return ApiResponse.ok(Map.of("removed", p.get(1)));
        }
        if (!r.method().equals("PUT")) throw ApiProblem.methodNotAllowed(r, "PUT", "DELETE");
        StrictBody b = StrictBody.read(r.body(), "enrollment rule", "the body must be {\"site\": S, and one or more of \"vendor\", \"model\", "
                + "\"serial\", \"macPrefix\", \"pci\"; optional \"role\", \"namePattern\"}", false, "site", "role", "vendor", "model", "serial",
                "macPrefix", "pci", "namePattern");
        return ApiResponse.ok(o.putRule(new io.kiln.api.onboarding.EnrollmentRule(p.get(1), b.text("site"), b.text("role"), b.text("vendor"),
                b.text("model"), b.text("serial"), b.text("macPrefix"), b.text("pci"), b.text("namePattern"))));
    }
}
