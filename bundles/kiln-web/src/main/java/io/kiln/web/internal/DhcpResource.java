package io.kiln.web.internal;

import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.net.MacAddress;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /api/v1/leases, dhcp/status, dhcp/log?mac=&limit=}; 503 while the DHCP component is not running. */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=leases", ApiResource.PATH + "=dhcp"})
public final class DhcpResource implements ApiResource {
    private final DhcpService dhcp;

    /** @param dhcp the DHCP service, or null while it is not running */
    @Activate
    public DhcpResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) DhcpService dhcp) {
        this.dhcp = dhcp;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        Map<String, Function<ApiRequest, Object>> routes = new LinkedHashMap<>();
        routes.put("leases", q -> Paging.page(dhcp.leases(), q));
        routes.put("dhcp/status", q -> dhcp.status());
        routes.put("dhcp/log", q -> {
            String mac = q.param("mac");
            return dhcp.recent(mac == null || mac.isBlank() ? null : MacAddress.canonical(mac), q.intParam("limit", 100));
        });
        return ReadOnlyRoutes.handle(r, routes, dhcp, "the DHCP service", "its component is not running; check etc/io.kiln.dhcp.cfg and the Kiln log");
    }
}
