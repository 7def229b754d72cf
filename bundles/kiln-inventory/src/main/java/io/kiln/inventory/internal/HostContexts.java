package io.kiln.inventory.internal;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import java.util.Map;

/** Builds a host's {@link HostContext} from one inventory state: the single place these facts are computed. */
final class HostContexts {
    private HostContexts() {
    }

    static HostContext of(Host host, InventoryState s, Map<String, String> global) {
        Site site = s.site(host.site());
        Role role = s.role(host.role());
        InventoryState.Membership m = s.membership(host.name());
        Instance instance = s.instance(host.name());
        return new HostContext(host, site, role, m == null ? null : m.cluster(), m == null ? null : m.role(),
                ZtpPolicy.modeOf(host, site), instance, ZtpPolicy.osProfileOf(host, role),
                HostContext.BootChoice.of(instance, host, role),
                VariableResolver.resolve(host, m == null ? null : m.cluster(), role, site, global));
    }
}
