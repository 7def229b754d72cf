package io.kiln.dhcp.internal;

import io.kiln.api.net.Ipv4Network;
import io.kiln.api.net.Ipv4Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The io.kiln.dhcp configuration, parsed and checked in one place so a bad .cfg is reported with the key at fault
 * and the server keeps its previous state instead of half-starting.
 *
 * @param enabled         serve at all
 * @param mode            proxy (default: never hands out addresses) or full
 * @param interfaces      interfaces to bind (SO_BINDTODEVICE); empty = one wildcard socket
 * @param port            server port (67)
 * @param proxyPort       PXE boot-server port answered in proxy mode (4011; 0 = off)
 * @param clientPort      where replies go (68)
 * @param serverAddress   address to announce when it cannot be derived from the interface, or null
 * @param leaseFile       lease journal, relative to the Karaf data directory unless absolute
 * @param offerSeconds    how long an offered address is held for the client's REQUEST
 * @param pools           full-mode pools from this file (the inventory's site networks add theirs, see SitePools)
 */
record DhcpConfig(boolean enabled, Mode mode, List<String> interfaces, int port, int proxyPort, int clientPort,
                  String serverAddress, String leaseFile, int offerSeconds, List<PoolConfig> pools) {

    /** Whether Kiln hands out addresses. */
    enum Mode { PROXY, FULL }

    static DhcpConfig parse(Map<String, ?> p) {
        boolean enabled = bool(p, "enabled", true);
        String m = str(p, "mode", "proxy").toLowerCase();
        Mode mode = switch (m) {
            case "proxy" -> Mode.PROXY;
            case "full" -> Mode.FULL;
            default -> throw new IllegalArgumentException("mode = '" + m + "': use 'proxy' (default, safe next to another DHCP server) or 'full'");
        };
        List<String> ifs = new ArrayList<>();
        for (String s : str(p, "interfaces", "").split(",")) if (!s.isBlank()) ifs.add(s.trim());
        String server = str(p, "serverAddress", "");
        if (!server.isEmpty()) Ipv4.parse(server);
        List<PoolConfig> pools = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        for (String k : p.keySet()) {
            if (k.startsWith("pool.") && k.indexOf('.', 5) > 5) names.add(k.substring(5, k.indexOf('.', 5)));
        }
        for (String n : names) pools.add(pool(p, n));
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                PoolConfig a = pools.get(i), b = pools.get(j);
                if (a.inRange(b.first()) || a.inRange(b.last()) || b.inRange(a.first())) {
                    throw new IllegalArgumentException("pool." + a.name() + " and pool." + b.name() + " overlap");
                }
            }
        }
        return new DhcpConfig(enabled, mode, List.copyOf(ifs), port(p, "port", 67), port(p, "proxyPort", 4011),
                port(p, "clientPort", 68), server.isEmpty() ? null : server, str(p, "leaseFile", "kiln/dhcp-leases.csv"),
                integer(p, "offerSeconds", 30, 1, 3600), List.copyOf(pools));
    }

    private static PoolConfig pool(Map<String, ?> p, String n) {
        String pre = "pool." + n + ".";
        String subnet = str(p, pre + "subnet", "");
        Ipv4Network network = Ipv4Network.tryParseNormalised(subnet)
                .orElseThrow(() -> new IllegalArgumentException(pre + "subnet = '" + subnet + "': use CIDR, e.g. 10.0.0.0/24"));
        int prefix = network.prefix();
        if (prefix < 8 || prefix > 30) throw new IllegalArgumentException(pre + "subnet: prefix must be 8..30");
        int net = network.address().value();
        String range = str(p, pre + "range", "");
        Ipv4Range r = Ipv4Range.tryParse(range)
                .orElseThrow(() -> new IllegalArgumentException(pre + "range = '" + range + "': use FIRST-LAST, e.g. 10.0.0.100-10.0.0.199"));
        int first = r.first().value(), last = r.last().value();
        PoolConfig probe = new PoolConfig(n, net, prefix, first, last, 0, List.of(), null, 1);
        if (!probe.validRange()) {
            throw new IllegalArgumentException(pre + "range = '" + range + "' must lie inside " + subnet
                    + ", FIRST <= LAST, excluding the network and broadcast addresses");
        }
        String router = str(p, pre + "router", "");
        List<Integer> dns = new ArrayList<>();
        for (String d : str(p, pre + "dns", "").split(",")) if (!d.isBlank()) dns.add(Ipv4.parse(d));
        List<Integer> ntp = new ArrayList<>();
        for (String d : str(p, pre + "ntp", "").split(",")) if (!d.isBlank()) ntp.add(Ipv4.parse(d));
        String domain = str(p, pre + "domain", "");
        return new PoolConfig(n, net, prefix, first, last, router.isEmpty() ? 0 : Ipv4.parse(router), dns,
                domain.isEmpty() ? null : domain, integer(p, pre + "leaseSeconds", 3600, 60, 365 * 86400), ntp, List.of());
    }

    private static String str(Map<String, ?> p, String k, String d) {
        Object v = p.get(k);
        return v == null ? d : String.valueOf(v).trim();
    }

    private static boolean bool(Map<String, ?> p, String k, boolean d) {
        String v = str(p, k, String.valueOf(d)).toLowerCase();
        if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException(k + " = '" + v + "': use true or false");
        return Boolean.parseBoolean(v);
    }

    private static int port(Map<String, ?> p, String k, int d) {
        return integer(p, k, d, 0, 65535);
    }

    private static int integer(Map<String, ?> p, String k, int d, int min, int max) {
        String v = str(p, k, String.valueOf(d));
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " = '" + v + "': expected a number from " + min + " to " + max);
        }
    }
}
