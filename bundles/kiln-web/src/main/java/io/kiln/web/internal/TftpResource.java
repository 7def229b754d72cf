package io.kiln.web.internal;

import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.tftp.TftpService;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /api/v1/tftp/status}; 503 while the TFTP component is not running. */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=tftp")
public final class TftpResource implements ApiResource {
    private final TftpService tftp;

    /** @param tftp the TFTP service, or null while it is not running */
    @Activate
    public TftpResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) TftpService tftp) {
        this.tftp = tftp;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        return ReadOnlyRoutes.handle(r, Map.of("tftp/status", q -> tftp.status()), tftp, "the TFTP service",
                "its component is not running; check etc/io.kiln.tftp.cfg and the Kiln log");
    }
}
