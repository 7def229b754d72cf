package io.kiln.web.internal;

import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.net.MacAddress;
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

/** {@code GET /api/v1/boot/explain?mac=&arch=&ipxe=}: the boot decision and its reasons; 503 without the boot advisor. */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=boot")
public final class BootResource implements ApiResource {
    private final BootAdvisor advisor;

    /** @param advisor the boot advisor, or null while it is not running */
    @Activate
    public BootResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) BootAdvisor advisor) {
        this.advisor = advisor;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        return ReadOnlyRoutes.handle(r, Map.of("boot/explain", q -> {
            BootRequest req = BootRequest.of(MacAddress.canonical(q.param("mac")), q.intParam("arch", 0), q.boolParam("ipxe"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("request", req);
            out.put("decision", advisor.decide(req));
            return out;
        }), advisor, "the boot advisor", "its component (kiln-boot) is not running; see the Kiln log");
    }
}
