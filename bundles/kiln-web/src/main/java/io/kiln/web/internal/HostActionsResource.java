package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.fleet.HostActions;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /api/v1/hosts/{name}/actions}: the operator actions that apply to the host now, as {@code kiln:host-actions}. */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=hosts/*/actions")
public final class HostActionsResource implements ApiResource {
    private final HostActions actions;

    /** @param actions the host actions service, or null while it is not running (no inventory) */
    @Activate
    public HostActionsResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) HostActions actions) {
        this.actions = actions;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        if (r.path().size() != 3) throw KilnException.notFound("no such resource: " + r.where());
        if (!"GET".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
        Params.only(r);
        if (actions == null) throw ApiProblem.unavailable("host actions", "they need the inventory (is the store up?); see the Kiln log");
        String host = r.path().get(1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", host);
        out.put("items", actions.actions(host));
        return ApiResponse.ok(out);
    }
}
