package io.kiln.api.status;

import org.osgi.annotation.versioning.ProviderType;

/** Where the appliance stands: {@code kiln:status}, {@code GET /health} and {@code GET /api/v1/status} ask it. */
@ProviderType
public interface StatusService {

    /** Now; cheap enough for a probe every few seconds. */
    ApplianceStatus status();
}
