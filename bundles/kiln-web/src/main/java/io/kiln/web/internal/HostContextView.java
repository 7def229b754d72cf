package io.kiln.web.internal;

import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.ResolvedVariable;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/hosts/{name}/context}: the inventory's answer about a host, by name rather than whole records. */
final class HostContextView {
    private HostContextView() {
    }

    static Map<String, Object> of(HostContext c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", c.host().name());
        out.put("site", c.site() == null ? null : c.site().name());
        out.put("role", c.role() == null ? null : c.role().name());
        if (c.cluster() != null) out.put("cluster", Map.of("name", c.cluster().name(), "role", c.clusterRole().name()));
        out.put("mode", c.mode().name());
        out.put("osProfile", c.osProfile());
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("profile", c.bootProfile());
        boot.put("from", c.boot().sourceWord());
        boot.put("why", c.boot().describe(c.host()));
        out.put("boot", boot);
        out.put("instance", c.instance());
        out.put("status", c.host().status());
        Map<String, String> vars = new LinkedHashMap<>();
        for (ResolvedVariable v : c.variables()) vars.put(v.name(), v.value());
        out.put("variables", vars);
        return out;
    }
}
