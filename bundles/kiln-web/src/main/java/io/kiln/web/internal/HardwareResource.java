package io.kiln.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.api.KilnException;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Hardware plugins over REST: {@code GET /api/v1/plugins}, {@code GET /api/v1/hosts/{name}/plugins} (which plugin serves
 * each interface and why), {@code GET} and {@code POST /api/v1/hosts/{name}/power} ({@code {"action":"on"}}),
 * {@code GET /api/v1/hosts/{name}/drivers} (the host's driver plan, as {@code kiln:drivers-explain}). The
 * registry is a dynamic reference: it coming and going never re-registers this resource, so /api/v1 does not blink.
 */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=plugins", ApiResource.PATH + "=hosts/*/plugins",
        ApiResource.PATH + "=hosts/*/power", ApiResource.PATH + "=hosts/*/drivers"})
public final class HardwareResource implements ApiResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HardwareService hardware;

    public HardwareResource() {
    }

    /** For tests: a resource with its registry (or null). */
    HardwareResource(HardwareService hardware) {
        this.hardware = hardware;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        boolean list = p.size() == 1 && "plugins".equals(p.get(0));
        boolean explain = p.size() == 3 && "plugins".equals(p.get(2));
        boolean power = p.size() == 3 && "power".equals(p.get(2));
        boolean drivers = p.size() == 3 && "drivers".equals(p.get(2));
        if (!list && !explain && !power && !drivers) {
            throw KilnException.notFound("no such resource: " + r.where() + " (try plugins, hosts/{name}/plugins, hosts/{name}/power, hosts/{name}/drivers)");
        }
        if (power) {
            if (!"GET".equals(r.method()) && !"POST".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET", "POST");
        } else if (!"GET".equals(r.method())) {
            throw ApiProblem.methodNotAllowed(r, "GET");
        }
        HardwareService hw = hardware; // read once: the reference may change under us
        if (hw == null) throw ApiProblem.unavailable("the hardware plugins service", "its component is not running; check etc/io.kiln.plugins.cfg and the Kiln log");
        if (list) return ApiResponse.ok(Map.of("items", hw.plugins()));
        String host = p.get(1);
        if (explain) return ApiResponse.ok(hw.explain(host));
        if (drivers) return ApiResponse.ok(hw.drivers(host));
        if ("GET".equals(r.method())) return ApiResponse.ok(hw.powerState(host));
        return ApiResponse.ok(hw.power(host, action(r.body())));
    }

    /** {@code {"action": "on"}}, strictly: any other field or shape is a 400 that says what is expected. */
    static PowerCommand action(byte[] body) {
        String expected = "the body must be {\"action\": \"on|off|graceful-off|cycle\"}";
        if (body.length == 0) throw KilnException.invalid(expected);
        JsonNode tree;
        try {
            tree = JsonBody.MAPPER.readTree(body);
        } catch (IOException e) {
            throw JsonBody.problem("power request", e);
        }
        if (tree == null || !tree.isObject() || !tree.path("action").isTextual()) throw KilnException.invalid(expected);
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!"action".equals(f)) throw KilnException.invalid("unknown field '" + f + "': " + expected);
        }
        return PowerCommand.parse(tree.get("action").asText());
    }
}
