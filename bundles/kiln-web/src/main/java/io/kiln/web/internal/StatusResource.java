package io.kiln.web.internal;

import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.status.ApplianceStatus;
import io.kiln.api.status.StatusService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /api/v1/status}: every subsystem with its state, reason and since when, the version and uptime. */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=status")
public final class StatusResource implements ApiResource {
    private final StatusService status;

    /** @param status the status service, or null while it is not running */
    @Activate
    public StatusResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) StatusService status) {
        this.status = status;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        return ReadOnlyRoutes.handle(r, Map.of("status", q -> {
            ApplianceStatus s = status.status();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("overall", s.overall());
            out.put("ready", s.ready());
            out.put("version", s.version());
            out.put("started", s.started());
            out.put("uptimeSeconds", s.uptime().toSeconds());
            out.put("subsystems", s.subsystems());
            return out;
        }), status, "the status service", "its component (kiln-web) is not running; see the Kiln log");
    }
}
