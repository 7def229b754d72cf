package io.kiln.plugins.internal;

import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.spi.vendor.Claim;
import io.kiln.spi.vendor.HardwareInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses, for one host, the plugin that serves each hardware interface: the plugin the host names first; else those
 * that claim its BMC, in the configured preference order (plugins not listed come after, by name). Every decision
 * carries its reasons, as the boot advisor's do. One chooser answers one request: each plugin's claim is asked once.
 */
final class PluginChooser {
    private static final String CLAIM_FAILED = "its claim failed: ";
    private final HostBmc host;
    /** One per name (the newest where a name is deployed twice), by name. */
    private final Map<String, DeployedPlugin> deployed;
    private final PluginSettings settings;
    private final Map<String, Claim> claims = new HashMap<>();

    PluginChooser(HostBmc host, Map<String, DeployedPlugin> deployed, PluginSettings settings) {
        this.host = host;
        this.deployed = deployed;
        this.settings = settings;
    }

    PluginChoice choose(HardwareKind kind) {
        List<String> considered = new ArrayList<>();
        if (host.bmc() == null) {
            return none(kind, "host '" + host.name() + "' has no BMC (kiln:host-add --bmc ADDRESS [--bmc-plugin NAME])", considered);
        }
        List<DeployedPlugin> implementing = deployed.values().stream().filter(p -> kind.implementedBy(p.plugin())).toList();
        String named = host.bmc().plugin();
        if (named != null) {
            DeployedPlugin p = deployed.get(named);
            if (p == null) {
                for (DeployedPlugin o : implementing) considered.add(o.name() + ": not used: the host names '" + named + "'");
                return none(kind, "plugin '" + named + "' named by the host is not deployed ("
                        + (deployed.isEmpty() ? "no plugins are deployed" : "deployed: " + String.join(", ", deployed.keySet())) + ")", considered);
            }
            if (kind.implementedBy(p.plugin())) {
                for (DeployedPlugin o : implementing) if (o != p) considered.add(o.name() + ": not used: the host names '" + named + "'");
                return chosen(kind, p, "named by the host (bmc.plugin = " + named + ")", considered);
            }
            considered.add(named + ": named by the host, but it does not implement " + kind.label + "; looking for a plugin that claims the BMC");
        }
        List<DeployedPlugin> claiming = new ArrayList<>();
        for (DeployedPlugin p : implementing) {
            if (p.name().equals(named)) continue;
            Claim c = claim(p);
            if (c.serves()) claiming.add(p);
            else considered.add(p.name() + ": does not claim BMC " + host.bmc().address() + (c.why().isBlank() ? "" : " (" + c.why() + ")"));
        }
        if (claiming.isEmpty()) {
            // a claim that failed (a plugin hung or broken) is the likelier story than "nobody serves it": say so
            List<String> failed = considered.stream().filter(c -> c.contains(CLAIM_FAILED)).toList();
            return none(kind, implementing.isEmpty() ? "no deployed plugin implements " + kind.label
                    : "no deployed plugin that implements " + kind.label + " claims BMC " + host.bmc().address()
                    + (failed.isEmpty() ? "" : " (" + String.join("; ", failed) + ")"), considered);
        }
        List<String> preference = settings.preference();
        claiming.sort(Comparator.comparingInt((DeployedPlugin p) -> preference.contains(p.name()) ? preference.indexOf(p.name()) : Integer.MAX_VALUE)
                .thenComparing(DeployedPlugin::name));
        DeployedPlugin first = claiming.get(0);
        for (DeployedPlugin o : claiming.subList(1, claiming.size())) {
            considered.add(o.name() + ": claims it too (" + claims.get(o.name()).why() + "), but comes after " + first.name() + " in the preference order");
        }
        String rank = preference.contains(first.name()) ? "; #" + (preference.indexOf(first.name()) + 1) + " in preference"
                : claiming.size() > 1 ? "; none of the claimants is in the preference list, first by name" : "";
        return chosen(kind, first, "claims BMC " + host.bmc().address() + ": " + claims.get(first.name()).why() + rank, considered);
    }

    private Claim claim(DeployedPlugin p) {
        return claims.computeIfAbsent(p.name(), n -> {
            try {
                Claim c = p.calls().call(host.name(), "claim", settings.cheapCallTimeout(), () -> p.plugin().claim(host.endpoint(p)));
                return c.why().isBlank() && c.serves() ? Claim.yes("it says it serves it") : c;
            } catch (RuntimeException e) {
                return Claim.no(CLAIM_FAILED + e.getMessage());
            }
        });
    }

    private PluginChoice chosen(HardwareKind kind, DeployedPlugin p, String why, List<String> considered) {
        List<String> problems;
        try {
            HardwareInterface hw = kind.type.cast(p.plugin());
            problems = p.calls().call(host.name(), "validate (" + kind.label + ")", settings.cheapCallTimeout(), () -> hw.validate(host.endpoint(p)));
            problems = problems.stream().map(s -> PluginCalls.oneLine(String.valueOf(s))).toList();
        } catch (RuntimeException e) {
            problems = List.of(e.getMessage());
        }
        return new PluginChoice(new InterfaceChoice(kind.label, p.name(), why + " [" + p.origin().bundle() + " " + p.origin().version() + "]",
                considered, problems), p);
    }

    private static PluginChoice none(HardwareKind kind, String why, List<String> considered) {
        return new PluginChoice(new InterfaceChoice(kind.label, null, why, considered, List.of()), null);
    }

    /** The newest plugin of each name, by name. */
    static Map<String, DeployedPlugin> byName(List<DeployedPlugin> all) {
        Map<String, DeployedPlugin> out = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparing(DeployedPlugin::name).thenComparing(DeployedPlugin::newerFirst)).forEach(p -> out.putIfAbsent(p.name(), p));
        return out;
    }
}
