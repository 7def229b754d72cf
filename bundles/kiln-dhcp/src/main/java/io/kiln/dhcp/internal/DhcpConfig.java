package io.kiln.dhcp.internal;

import io.kiln.config.ConfigFile;
import io.kiln.api.net.Ipv4Address;
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
 * @param durableLeases   an ACK is sent only once its lease is on disk (fsync, grouped); false: once the operating
 *                        system has it, which survives a crash of Kiln but not a power cut
 * @param leaseSyncMicros least time between two fsyncs of the lease journal (durable mode): bigger batches, fewer
 *                        fsyncs, each ACK up to this much later
 * @param guard           limits on what unknown clients may take, pool warnings, rogue-server watch
 */
record DhcpConfig(boolean enabled, Mode mode, List<String> interfaces, int port, int proxyPort, int clientPort,
                  String serverAddress, String leaseFile, int offerSeconds, List<PoolConfig> pools, boolean durableLeases,
                  int leaseSyncMicros, DhcpGuardConfig guard) {

    /** Whether Kiln hands out addresses. */
    enum Mode { PROXY, FULL }

    static final String PID = "io.kiln.dhcp";
    /** The keys of a pool named in the file: {@code pool.NAME.KEY}. */
    static final String POOL_KEYS = "pool\\.[^.]+\\.(subnet|range|router|dns|ntp|domain|leaseSeconds)";

    /** For tests: the properties read as {@code etc/io.kiln.dhcp.cfg}. */
    static DhcpConfig parse(Map<String, ?> p) {
        return parse(ConfigFile.of(PID, p));
    }

    /**
     * Reads and checks every key; unknown keys become warnings in {@code c}.
     *
     * @throws IllegalArgumentException when a value was refused, its message each refused value's line: the server
     *                                  does not run on settings other than those written
     */
    static DhcpConfig parse(ConfigFile c) {
        boolean enabled = c.bool("enabled", true);
        Mode mode = c.oneOf("mode", "proxy", "proxy", "full").equals("full") ? Mode.FULL : Mode.PROXY;
        List<String> ifs = new ArrayList<>();
        for (String s : c.string("interfaces", "").split(",")) if (!s.isBlank()) ifs.add(s.trim());
        String server = c.ipv4("serverAddress", "", true);
        TreeSet<String> names = new TreeSet<>();
        for (String k : c.keys()) {
            if (k.startsWith("pool.") && k.indexOf('.', 5) > 5) names.add(k.substring(5, k.indexOf('.', 5)));
        }
        List<PoolConfig> pools = new ArrayList<>();
        for (String n : names) {
            PoolConfig pool = pool(c, n);
            if (pool != null) pools.add(pool);
        }
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                PoolConfig a = pools.get(i), b = pools.get(j);
                if (a.inRange(b.first()) || a.inRange(b.last()) || b.inRange(a.first())) {
                    String key = "pool." + b.name() + ".range";
                    c.refuse(key, c.string(key, ""), "apart from pool." + a.name() + ".range (they overlap)", null);
                }
            }
        }
        DhcpConfig config = new DhcpConfig(enabled, mode, List.copyOf(ifs), c.integer("port", 67, 0, 65535),
                c.integer("proxyPort", 4011, 0, 65535), c.integer("clientPort", 68, 0, 65535), server.isEmpty() ? null : server,
                c.string("leaseFile", "kiln/dhcp-leases.csv"), c.integer("offerSeconds", 30, 1, 3600), List.copyOf(pools),
                c.bool("durableLeases", true), c.integer("leaseSyncMicros", 1000, 0, 100_000), DhcpGuardConfig.parse(c));
        c.unknownKeys(POOL_KEYS);
        if (!c.errors().isEmpty()) throw new IllegalArgumentException(String.join("; ", c.errors()));
        return config;
    }

    /** The pool, or null when a value of it was refused (noted in {@code c}). */
    private static PoolConfig pool(ConfigFile c, String n) {
        String pre = "pool." + n + ".";
        String subnet = c.string(pre + "subnet", "");
        Ipv4Network network = Ipv4Network.tryParseNormalised(subnet).filter(net -> net.prefix() >= 8 && net.prefix() <= 30).orElse(null);
        if (network == null) return c.refuse(pre + "subnet", subnet, "a CIDR block with a prefix from 8 to 30, e.g. 10.0.0.0/24", null);
        int prefix = network.prefix();
        int net = network.address().value();
        String range = c.string(pre + "range", "");
        Ipv4Range r = Ipv4Range.tryParse(range).orElse(null);
        PoolConfig probe = r == null ? null : new PoolConfig(n, net, prefix, r.first().value(), r.last().value(), 0, List.of(), null, 1);
        if (probe == null || !probe.validRange()) {
            return c.refuse(pre + "range", range, "FIRST-LAST inside " + subnet + " without its network and broadcast addresses", null);
        }
        String router = c.ipv4(pre + "router", "", true);
        List<Integer> dns = addresses(c, pre + "dns");
        List<Integer> ntp = addresses(c, pre + "ntp");
        String domain = c.string(pre + "domain", "");
        int leaseSeconds = c.integer(pre + "leaseSeconds", 3600, 60, 365 * 86400);
        if (dns == null || ntp == null) return null;
        return new PoolConfig(n, net, prefix, probe.first(), probe.last(), router.isEmpty() ? 0 : Ipv4.parse(router), dns,
                domain.isEmpty() ? null : domain, leaseSeconds, ntp, List.of());
    }

    /** Comma-separated IPv4 addresses, or null when one is not (noted in {@code c}). */
    private static List<Integer> addresses(ConfigFile c, String key) {
        String v = c.string(key, "");
        List<Integer> out = new ArrayList<>();
        for (String d : v.split(",")) {
            if (d.isBlank()) continue;
            if (!Ipv4Address.isValid(d.trim())) return c.refuse(key, v, "a comma-separated list of IPv4 addresses", null);
            out.add(Ipv4.parse(d));
        }
        return out;
    }
}
