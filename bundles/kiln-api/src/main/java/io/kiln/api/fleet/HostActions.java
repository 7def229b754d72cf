package io.kiln.api.fleet;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which operator actions apply to a host now ({@code GET /api/v1/hosts/{name}/actions}, {@code kiln:host-actions}):
 * from its state, its workflow run, a machine waiting to onboard as it, and what the plugins of its BMC can do.
 */
@ProviderType
public interface HostActions {
    /**
     * Every action, available or not (with why not), in a fixed order.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND when no host has that name
     */
    List<HostAction> actions(String host);
}
