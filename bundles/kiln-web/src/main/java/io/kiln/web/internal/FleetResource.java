package io.kiln.web.internal;

import io.kiln.api.fleet.FleetService;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /api/v1/fleet?failures=&attention=}: the dashboard's summary, as {@code kiln:fleet} prints it. */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=fleet")
public final class FleetResource implements ApiResource {
    private final FleetService fleet;

    /** @param fleet the fleet service, or null while it is not running (no inventory) */
    @Activate
    public FleetResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) FleetService fleet) {
        this.fleet = fleet;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        return ReadOnlyRoutes.handle(r, Map.of("fleet", q -> {
            Params.only(q, "failures", "attention");
            return fleet.summary(q.intParam("failures", 20), q.intParam("attention", 100));
        }), fleet, "the fleet summary", "it needs the inventory (is the store up?); see the Kiln log");
    }
}
