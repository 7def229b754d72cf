package io.kiln.web.internal;

import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.net.MacAddress;
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

/**
 * {@code GET /api/v1/boot/explain?mac=&arch=&ipxe=&server=}: the boot decision and its reasons, and for a known host the
 * per-host files its installer will fetch, rendered now ({@code files}); 503 without the boot advisor.
 * {@code GET /api/v1/boot/file?path=/cloud-init/HOST/user-data[&kilnUrl=]}: one such file's content, rendered.
 */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=boot")
public final class BootResource implements ApiResource {
    private final BootAdvisor advisor;
    private final ProvisioningFiles files;

    /**
     * @param advisor the boot advisor, or null while it is not running
     * @param files   the file check, or null while it is not running (the decision is answered without it)
     */
    @Activate
    public BootResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) BootAdvisor advisor,
                        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                        ProvisioningFiles files) {
        this.advisor = advisor;
        this.files = files;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        return ReadOnlyRoutes.handle(r, Map.of("boot/file", q -> {
            // a template's preview: one of a host's files rendered exactly as the machine will get it
            Params.only(q, "path", "kilnUrl");
            if (files == null) throw ApiProblem.unavailable("the provisioning files service", "its component (kiln-boot) is not running; see the Kiln log");
            String path = q.param("path");
            if (path == null || path.isBlank()) throw io.kiln.api.KilnException.invalid("parameter 'path' is required, e.g. /cloud-init/HOST/user-data");
            return files.render(path, q.param("kilnUrl"));
        }, "boot/explain", q -> {
            Params.only(q, "mac", "arch", "ipxe", "server");
            BootRequest req = BootRequest.of(MacAddress.canonical(q.param("mac")), q.intParam("arch", 0), q.boolParam("ipxe"), q.param("server"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("request", req);
            BootDecision d = advisor.decide(req);
            out.put("decision", d);
            if (files != null && d.host() != null) out.put("files", files.check(d.host()));
            return out;
        }), advisor, "the boot advisor", "its component (kiln-boot) is not running; see the Kiln log");
    }
}
