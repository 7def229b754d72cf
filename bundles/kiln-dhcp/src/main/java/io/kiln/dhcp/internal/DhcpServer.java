package io.kiln.dhcp.internal;

import io.kiln.api.KilnException;
import io.kiln.config.ConfigFile;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.dhcp.DhcpEvent;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.metrics.Sample;
import io.kiln.api.dhcp.DhcpStatus;
import io.kiln.api.dhcp.Lease;
import io.kiln.api.dhcp.LeaseState;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.dhcp.internal.ra.RaConfig;
import io.kiln.dhcp.internal.ra.RaInterfaces;
import io.kiln.dhcp.internal.ra.RouterAdvertiser;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP service (config PID io.kiln.dhcp): parses the configuration, opens the lease journal in full mode and
 * binds one socket per interface and port. A configuration change re-creates the component (no @Modified), which
 * re-binds the sockets without restarting Karaf. A bad configuration or an unbindable port is reported in the log
 * and in kiln:dhcp-status; the service stays registered so operators can see why.
 */
@Component(service = {DhcpService.class, HealthReport.class, MetricSource.class}, immediate = true, configurationPid = DhcpConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class DhcpServer implements DhcpService, HealthReport, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);

    private final DhcpCounters counters = new DhcpCounters();
    private final DhcpEventLog events = new DhcpEventLog(2000);
    private final DhcpAlerts alerts = new DhcpAlerts(events);
    private final List<String> listening = Collections.synchronizedList(new ArrayList<>());
    private final DhcpConfig config;
    private final LeaseStore leases;
    private final GroupCommit durable;
    private final DhcpSockets sockets;
    private final DhcpResponder responder;
    private final String state;
    private final Health health;
    /** The IPv6 router-advertisement responder on the same interfaces, or null when off. */
    private final RouterAdvertiser advertiser;
    /** Optional (kiln-events): known hosts' requests and answers go into their timelines while it runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostEvents timeline;

    @Activate
    public DhcpServer(Map<String, Object> properties, @Reference BootAdvisor advisor, @Reference Inventory inventory) {
        DhcpConfig cfg = null;
        LeaseStore store = null;
        GroupCommit commit = null;
        DhcpSockets socks = null;
        DhcpResponder resp = null;
        RouterAdvertiser adv = null;
        String st;
        ConfigFile file = ConfigFile.of(DhcpConfig.PID, properties);
        Health h = Health.up();
        try {
            RaConfig ra = RaConfig.parse(file);
            cfg = DhcpConfig.parse(file);
            for (String w : file.warnings()) LOG.warn("{}", w);
            h = file.health();
            if (!cfg.enabled()) {
                st = "disabled";
                // off on purpose is not a fault, but kiln:status says so rather than a bare "up"
                if (h.state() == io.kiln.api.status.SubsystemStatus.State.UP) {
                    h = new Health(io.kiln.api.status.SubsystemStatus.State.UP, "disabled (enabled = false in " + file.file() + ")");
                }
                LOG.info("Kiln DHCP is disabled (io.kiln.dhcp enabled = false)");
            } else {
                if (cfg.mode() == DhcpConfig.Mode.FULL) {
                    store = new LeaseStore(resolve(cfg.leaseFile()));
                    if (cfg.durableLeases()) commit = new GroupCommit(store, cfg.leaseSyncMicros() * 1000L);
                }
                int fallback = fallbackAddress(cfg);
                resp = new DhcpResponder(cfg, advisor, inventory, store, counters, System::currentTimeMillis,
                        fallback, events, () -> timeline, alerts, store == null ? Runnable::run : store::inBackground);
                List<Listener> serving = listeners(cfg);
                RogueServers rogue = null;
                if (cfg.guard().rogueWatch()) {
                    java.util.Set<Integer> own = new java.util.HashSet<>();
                    if (fallback != 0) own.add(fallback);
                    for (Listener l : serving) if (l.address() != 0) own.add(l.address());
                    rogue = new RogueServers(cfg, alerts, own);
                }
                socks = new DhcpSockets(cfg, resp, counters, rogue, commit);
                listening.addAll(socks.bind(serving));
                if (rogue != null && cfg.clientPort() != cfg.port()) {
                    // the client port of each interface served (not a wildcard socket: the host's own DHCP client may use it)
                    List<Listener> watch = new ArrayList<>();
                    for (Listener l : serving) {
                        if (l.iface() != null && l.port() == cfg.port()) watch.add(new Listener(l.iface(), l.address(), l.prefix(), cfg.clientPort()));
                    }
                    for (String w : socks.watch(watch)) listening.add(w + " (watching for other DHCP servers)");
                }
                if (ra.enabled()) adv = RouterAdvertiser.start(RaInterfaces.of(cfg.interfaces()));
                st = cfg.mode().name().toLowerCase();
                LOG.info("Kiln DHCP in {} mode on {}", st, listening.isEmpty() ? "nothing" : String.join("; ", listening));
            }
        } catch (IllegalArgumentException | KilnException e) {
            // a refused value (each one line), or an interface without an address; never a stack trace for those
            for (String line : file.errors().isEmpty() ? List.of(e.getMessage()) : file.errors()) LOG.error("{} (DHCP not started)", line);
            for (String w : file.warnings()) LOG.warn("{}", w);
            st = "error: " + e.getMessage();
            h = Health.down("not serving: " + e.getMessage());
        } catch (RuntimeException e) {
            st = "error: " + e.getMessage();
            h = Health.down("not serving: " + e.getMessage());
            LOG.error("Kiln DHCP not started: {}", e.getMessage(), e);
        }
        this.config = cfg;
        this.leases = store;
        this.durable = commit;
        this.sockets = socks;
        this.responder = resp;
        this.state = st;
        this.health = h;
        this.advertiser = adv;
    }

    @Override
    public String subsystem() {
        return "dhcp";
    }

    /**
     * The state found at start; degraded while the lease journal cannot be written or synced, or router advertisements
     * cannot be sent (each heals by itself).
     */
    @Override
    public Health health() {
        if (health.state() != io.kiln.api.status.SubsystemStatus.State.UP) return health;
        String journal = leases == null ? null : leases.writeFailure();
        if (journal == null && durable != null) journal = durable.failure();
        if (journal != null) return Health.degraded(journal + "; acknowledgements are held back until it can");
        RouterAdvertiser a = advertiser;
        if (a == null) return health;
        Health ra = a.health();
        return ra.state() == io.kiln.api.status.SubsystemStatus.State.UP ? health : ra;
    }

    private static Path resolve(String f) {
        Path p = Path.of(f);
        return p.isAbsolute() ? p : Path.of(System.getProperty("karaf.data", "data")).resolve(p);
    }

    /** One listener per configured interface (its IPv4 address and prefix read from the system), or one wildcard. */
    private static List<Listener> listeners(DhcpConfig cfg) {
        List<Listener> out = new ArrayList<>();
        List<Integer> ports = new ArrayList<>(List.of(cfg.port()));
        if (cfg.mode() == DhcpConfig.Mode.PROXY && cfg.proxyPort() != 0 && cfg.proxyPort() != cfg.port()) ports.add(cfg.proxyPort());
        if (cfg.interfaces().isEmpty()) {
            int addr = cfg.serverAddress() == null ? 0 : Ipv4.parse(cfg.serverAddress());
            for (int port : ports) out.add(new Listener(null, addr, 0, port));
            return out;
        }
        for (String name : cfg.interfaces()) {
            InterfaceAddress ia = ipv4Of(name);
            for (int port : ports) out.add(new Listener(name, Ipv4.of(ia.getAddress()), ia.getNetworkPrefixLength(), port));
        }
        return out;
    }

    private static InterfaceAddress ipv4Of(String name) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) throw new IllegalArgumentException("etc/" + DhcpConfig.PID + ".cfg: interfaces: no network interface named '" + name + "'");
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                if (ia.getAddress() instanceof Inet4Address) return ia;
            }
            throw new IllegalArgumentException("etc/" + DhcpConfig.PID + ".cfg: interfaces: '" + name + "' has no IPv4 address to serve from");
        } catch (SocketException e) {
            throw new IllegalArgumentException("etc/" + DhcpConfig.PID + ".cfg: interfaces: cannot read '" + name + "': " + e.getMessage());
        }
    }

    /** For a wildcard socket without serverAddress: the first non-loopback IPv4 address (logged, since it is a guess). */
    private static int fallbackAddress(DhcpConfig cfg) {
        if (cfg.serverAddress() != null) return Ipv4.parse(cfg.serverAddress());
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isLoopback() || !ni.isUp()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        if (cfg.interfaces().isEmpty()) LOG.info("Kiln DHCP: announcing {} (first address found; set serverAddress to choose)", a.getHostAddress());
                        return Ipv4.of(a);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces: {}", e.getMessage());
        }
        return 0;
    }

    @Deactivate
    void deactivate() {
        if (advertiser != null) advertiser.close();
        if (sockets != null) sockets.close();
        if (durable != null) durable.close();
        if (leases != null) leases.close();
        LOG.info("Kiln DHCP stopped");
    }

    @Override
    public DhcpStatus status() {
        return new DhcpStatus(state, List.copyOf(listening), counters.received.sum(), counters.replied.sum(), counters.ignored.sum(),
                counters.malformed.sum(), leases == null ? 0 : leases.size(), pools(), counters.refusals(),
                leases == null ? 0 : leases.offersReused(), alerts.list(),
                advertiser == null ? io.kiln.api.dhcp.RouterAdvertisements.off() : advertiser.status());
    }

    /** Each pool with where it comes from and how many of its addresses are offered or bound now. */
    private List<String> pools() {
        if (responder == null || leases == null) return List.of();
        long nowMs = System.currentTimeMillis();
        List<PoolConfig> all = responder.allPools();
        Map<String, Integer> inUse = inUse(all, nowMs / 1000);
        responder.checkPools(all, nowMs); // a warning ends when the pool has room again, even with no request since
        List<String> out = new ArrayList<>();
        for (PoolConfig p : all) {
            boolean site = !config.pools().contains(p);
            out.add(p.name() + " on " + Ipv4.format(p.network()) + "/" + p.prefix() + " ("
                    + (site ? "site " + p.name().substring(0, p.name().indexOf('/')) : "etc/io.kiln.dhcp.cfg") + "): "
                    + inUse.getOrDefault(p.name(), 0) + " of " + p.size() + " in use");
        }
        return out;
    }

    /** Per pool name, the addresses offered or bound now. */
    private Map<String, Integer> inUse(List<PoolConfig> pools, long nowSeconds) {
        return PoolUsage.inUse(leases, pools, nowSeconds);
    }

    @Override
    public List<MetricFamily> metrics() {
        List<MetricFamily> out = new ArrayList<>(counters.byType.families(counters.malformed.sum()));
        List<Sample> used = new ArrayList<>(), size = new ArrayList<>();
        if (responder != null && leases != null) {
            List<PoolConfig> all = responder.allPools();
            Map<String, Integer> inUse = inUse(all, System.currentTimeMillis() / 1000);
            for (PoolConfig p : all) {
                used.add(Sample.of("pool", p.name(), inUse.getOrDefault(p.name(), 0)));
                size.add(Sample.of("pool", p.name(), p.size()));
            }
        }
        out.add(MetricFamily.gauge("kiln_dhcp_leases_in_use", "addresses offered or bound now, per pool (full mode)", used));
        out.add(MetricFamily.gauge("kiln_dhcp_pool_addresses", "addresses in each pool (full mode)", size));
        return out;
    }

    @Override
    public List<DhcpEvent> recent(String mac, int limit) {
        return events.recent(mac, Math.max(0, limit));
    }

    @Override
    public List<Lease> leases() {
        if (leases == null) return List.of();
        List<Lease> out = new ArrayList<>();
        for (LeaseEntry e : leases.all()) {
            out.add(new Lease(Ipv4.format(e.ip()), e.mac(), e.hostName(), e.state(), Instant.ofEpochSecond(e.start()),
                    Instant.ofEpochSecond(e.expires()), e.pool()));
        }
        out.sort(Comparator.comparingLong(l -> Integer.toUnsignedLong(Ipv4.parse(l.ip()))));
        return out;
    }
}
