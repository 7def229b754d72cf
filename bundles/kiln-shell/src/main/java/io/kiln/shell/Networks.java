package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.SiteNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Site networks as {@code --network CIDR[,gateway=IP][,pool=FIRST-LAST]...[,relay=IP]...}, e.g.
 * {@code --network 10.20.0.0/24,gateway=10.20.0.1,pool=10.20.0.100-10.20.0.199}.
 */
final class Networks {
    private Networks() {
    }

    static List<SiteNetwork> parse(List<String> specs) {
        List<SiteNetwork> out = new ArrayList<>();
        if (specs == null) return out;
        for (String spec : specs) {
            String[] parts = spec.split(",");
            String gateway = null;
            List<String> pools = new ArrayList<>(), relays = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                String key = eq < 0 ? p : p.substring(0, eq), value = eq < 0 ? "" : p.substring(eq + 1).trim();
                switch (key) {
                    case "gateway", "gw" -> gateway = value;
                    case "pool" -> pools.add(value);
                    case "relay" -> relays.add(value);
                    default -> throw KilnException.invalid("--network " + spec + ": '" + p + "' is not gateway=IP, pool=FIRST-LAST or relay=IP");
                }
            }
            out.add(new SiteNetwork(parts[0].trim(), gateway, pools, relays));
        }
        return out;
    }

    /** "10.20.0.0/24 gw 10.20.0.1 pool 10.20.0.100-10.20.0.199". */
    static String show(List<SiteNetwork> networks) {
        if (networks.isEmpty()) return "-";
        return networks.stream().map(n -> n.subnet() + (n.gateway() == null ? "" : " gw " + n.gateway())
                + n.pools().stream().map(p -> " pool " + p).collect(Collectors.joining())
                + n.relays().stream().map(r -> " relay " + r).collect(Collectors.joining())).collect(Collectors.joining("; "));
    }
}
