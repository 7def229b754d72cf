package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.net.MacAddress;
import io.kiln.api.tftp.TftpService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only service routes: leases, dhcp/status, dhcp/log, tftp/status, boot/explain. */
final class ServiceResource {
    private final BootAdvisor advisor;
    private final DhcpService dhcp;
    private final TftpService tftp;

    ServiceResource(BootAdvisor advisor, DhcpService dhcp, TftpService tftp) {
        this.advisor = advisor;
        this.dhcp = dhcp;
        this.tftp = tftp;
    }

    /** Whether the first path segment is one of these routes. */
    static boolean serves(String top) {
        return List.of("leases", "dhcp", "tftp", "boot").contains(top);
    }

    Reply handle(ApiRequest r) {
        String route = String.join("/", r.path());
        Object result = switch (route) {
            case "leases" -> get(r) ? Paging.page(dhcp.leases(), r) : null;
            case "dhcp/status" -> get(r) ? dhcp.status() : null;
            case "dhcp/log" -> {
                if (!get(r)) yield null;
                String mac = r.param("mac");
                yield dhcp.recent(mac == null || mac.isBlank() ? null : MacAddress.canonical(mac), r.intParam("limit", 100));
            }
            case "tftp/status" -> get(r) ? tftp.status() : null;
            case "boot/explain" -> {
                if (!get(r)) yield null;
                BootRequest req = BootRequest.of(MacAddress.canonical(r.param("mac")), r.intParam("arch", 0), r.boolParam("ipxe"));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("request", req);
                out.put("decision", advisor.decide(req));
                yield out;
            }
            default -> throw KilnException.notFound("no such resource: " + r.where());
        };
        if (result == null) throw ApiError.methodNotAllowed(r, "GET");
        return Reply.ok(result);
    }

    private static boolean get(ApiRequest r) {
        return "GET".equals(r.method());
    }
}
