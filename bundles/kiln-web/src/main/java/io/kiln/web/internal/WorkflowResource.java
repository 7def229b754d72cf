package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.workflow.Workflows;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Workflow runs over REST, as in the shell: {@code GET /api/v1/workflow-runs[?active=true]} (kiln:workflow-list),
 * {@code GET /api/v1/workflow-runs/{host}} (kiln:workflow-show), {@code POST /api/v1/workflow-runs/{host}}
 * ({@code {"template": NAME}}, optional; kiln:workflow-start, and with reprovision / deprovision kiln:host-reprovision /
 * kiln:host-deprovision), {@code DELETE /api/v1/workflow-runs/{host}} (kiln:workflow-cancel),
 * {@code POST .../{host}/approve} (kiln:workflow-approve), {@code POST .../{host}/release} ({@code {"skipGate": true}},
 * optional; kiln:host-release), and the action types a step can name, {@code GET /api/v1/workflow-actions}. The
 * templates themselves are inventory entities: {@code /api/v1/workflows}. {@code POST .../{host}/detach} and
 * {@code .../attach} (kiln:host-detach, kiln:host-attach). Rollouts: {@code GET /api/v1/rollouts}, {@code POST
 * /api/v1/rollouts} ({@code {"name", "template", "hosts": [..], "batchSize", "maxFailures", "variables": {..}}};
 * kiln:rollout-start), {@code POST /api/v1/rollouts/{name}/stop}.
 */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=workflow-runs", ApiResource.PATH + "=workflow-actions",
        ApiResource.PATH + "=rollouts"})
public final class WorkflowResource implements ApiResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Workflows workflows;

    public WorkflowResource() {
    }

    WorkflowResource(Workflows workflows) {
        this.workflows = workflows;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        Workflows w = workflows;
        if (w == null) throw ApiProblem.unavailable("workflow", "kiln-workflow is not running; kiln:status says why");
        for (String q : r.params().keySet()) {
            if (!(q.equals("active") && p.size() == 1 && p.get(0).equals("workflow-runs"))) {
                throw KilnException.invalid("unknown parameter '" + q + "' on " + r.where() + (p.size() == 1 && p.get(0).equals("workflow-runs") ? " (active)" : " (none)"));
            }
        }
        if (p.get(0).equals("rollouts")) return rollouts(r, w);
        if (p.get(0).equals("workflow-actions")) {
            if (p.size() != 1) throw KilnException.notFound("no such resource: " + r.where() + " (try workflow-actions)");
            if (!r.method().equals("GET")) throw ApiProblem.methodNotAllowed(r, "GET");
            return ApiResponse.ok(Map.of("items", w.actionTypes()));
        }
        String who = r.user() == null ? "an API user" : r.user();
        if (p.size() == 1) {
            if (!r.method().equals("GET")) throw ApiProblem.methodNotAllowed(r, "GET");
            boolean active = "true".equals(r.param("active"));
            return ApiResponse.ok(Map.of("items", w.runs().stream().filter(x -> !active || x.state().active()).toList()));
        }
        String host = p.get(1);
        if (p.size() == 2) {
            switch (r.method()) {
                case "GET":
                    return ApiResponse.ok(w.run(host).orElseThrow(() -> KilnException.notFound("host '" + host + "' has never run a workflow")));
                case "POST": {
                    String template = null;
                    if (r.body().length > 0) {
                        template = StrictBody.read(r.body(), "workflow start", "the body may be {\"template\": NAME}", false, "template").text("template");
                    }
                    return ApiResponse.ok(w.start(host, template, who));
                }
                case "DELETE":
                    return ApiResponse.ok(w.cancel(host, who));
                default:
                    throw ApiProblem.methodNotAllowed(r, "GET", "POST", "DELETE");
            }
        }
        if (p.size() == 3 && List.of("approve", "release", "detach", "attach").contains(p.get(2))) {
            if (!r.method().equals("POST")) throw ApiProblem.methodNotAllowed(r, "POST");
            if (p.get(2).equals("approve")) return ApiResponse.ok(w.approve(host, who));
            if (p.get(2).equals("detach")) return ApiResponse.ok(w.detach(host, who));
            if (p.get(2).equals("attach")) return ApiResponse.ok(w.attach(host, who));
            boolean skip = r.body().length > 0 && StrictBody.read(r.body(), "release", "the body may be {\"skipGate\": true}", false, "skipGate").bool("skipGate");
            return ApiResponse.ok(w.release(host, skip, who));
        }
        throw KilnException.notFound("no such resource: " + r.where() + " (try workflow-runs, workflow-runs/{host}, workflow-runs/{host}/approve,"
                + " .../release, .../detach, .../attach)");
    }

    private static ApiResponse rollouts(ApiRequest r, Workflows w) {
        List<String> p = r.path();
        String who = r.user() == null ? "an API user" : r.user();
        if (p.size() == 1) {
            if (r.method().equals("GET")) return ApiResponse.ok(Map.of("items", w.rollouts()));
            if (!r.method().equals("POST")) throw ApiProblem.methodNotAllowed(r, "GET", "POST");
            com.fasterxml.jackson.databind.JsonNode b = StrictBody.read(r.body(), "rollout", "the body must be {\"name\": N, \"template\": T,"
                    + " \"hosts\": [..], \"batchSize\": 5, \"maxFailures\": 0, \"variables\": {..}}", false, "name", "template", "hosts", "batchSize",
                    "maxFailures", "variables").tree();
            List<String> hosts = new java.util.ArrayList<>();
            b.path("hosts").forEach(h -> hosts.add(h.asText()));
            Map<String, String> vars = new java.util.LinkedHashMap<>();
            b.path("variables").fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
            return new ApiResponse(201, Map.of(), w.startRollout(b.path("name").asText(null), b.path("template").asText("firmware-refresh"), hosts,
                    b.path("batchSize").asInt(5), b.path("maxFailures").asInt(0), vars, who));
        }
        if (p.size() == 3 && p.get(2).equals("stop")) {
            if (!r.method().equals("POST")) throw ApiProblem.methodNotAllowed(r, "POST");
            return ApiResponse.ok(w.stopRollout(p.get(1), who));
        }
        throw KilnException.notFound("no such resource: " + r.where() + " (try rollouts, rollouts/{name}/stop)");
    }
}
