package io.kiln.inventory.internal;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.ResolvedVariable.Source;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Variable precedence host > cluster > role > site > global, keeping where each value came from and what it hides. */
final class VariableResolver {
    private VariableResolver() {
    }

    private record Level(Source source, String name, Map<String, String> vars) {
    }

    /** @param cluster, role, site may be null (the host has none) */
    static List<ResolvedVariable> resolve(Host host, Cluster cluster, Role role, Site site, Map<String, String> global) {
        List<Level> levels = new ArrayList<>();
        levels.add(new Level(Source.HOST, host.name(), host.vars()));
        if (cluster != null) levels.add(new Level(Source.CLUSTER, cluster.name(), cluster.variables()));
        if (role != null) levels.add(new Level(Source.ROLE, role.name(), role.variables()));
        if (site != null) levels.add(new Level(Source.SITE, site.name(), site.variables()));
        levels.add(new Level(Source.GLOBAL, "global", global == null ? Map.of() : global));
        Map<String, ResolvedVariable> out = new TreeMap<>();
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            for (Map.Entry<String, String> e : l.vars().entrySet()) {
                if (out.containsKey(e.getKey())) continue;
                List<String> hidden = new ArrayList<>();
                for (int j = i + 1; j < levels.size(); j++) {
                    Level lower = levels.get(j);
                    if (lower.vars().containsKey(e.getKey())) {
                        // "site shop-7 = x", and "global = x" (global has no name of its own)
                        String where = lower.source() == Source.GLOBAL ? "global" : lower.source().name().toLowerCase() + " " + lower.name();
                        hidden.add(where + " = " + lower.vars().get(e.getKey()));
                    }
                }
                out.put(e.getKey(), new ResolvedVariable(e.getKey(), e.getValue(), l.source(), l.name(), hidden));
            }
        }
        return List.copyOf(out.values());
    }
}
