package io.kiln.dhcp.internal;

import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.dhcp.LeaseState;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.Versioned;
import io.kiln.dhcp.internal.codec.PxeVendorOptions;
import io.kiln.api.dhcp.DhcpEvent;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvents;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server's decisions, free of sockets: given a request and the socket it came in on, what to answer
 * (if anything) and where to send it. Proxy mode answers boot clients only and never assigns an address; full
 * mode allocates from pools and persists leases before answering.
 *
 * <p>Every request of a machine the inventory knows (by MAC, or by option 97 UUID) and the answer to it go into the
 * host's timeline, when kiln-events runs: {@code dhcp-discover}, {@code dhcp-request}, {@code dhcp-decline},
 * {@code dhcp-release}, {@code dhcp-inform} (with why it was not answered, when it was not), then {@code dhcp-offer},
 * {@code dhcp-ack} or {@code dhcp-nak} with the address, boot file and reason.
 */
final class DhcpResponder {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpResponder.class);
    private static final int BROADCAST = -1;
    /** PXE vendor options (option 43): PXE_DISCOVERY_CONTROL = 8, "use the boot file in this reply". */
    static final byte[] PXE_VENDOR_OPTIONS = PxeVendorOptions.useBootFileFromReply();

    private final DhcpConfig config;
    private final BootAdvisor advisor;
    private final Inventory inventory;
    private final LeaseStore leases;
    private final DhcpCounters counters;
    private final LongSupplier clock;
    private final DhcpEventLog events;
    /** The hosts' timeline while kiln-events runs; null otherwise. */
    private final Supplier<HostEvents> timeline;
    private final int fallbackAddress;
    private final SourceLimits limits;
    private final PoolUsage usage;
    private volatile ReservationCache reservations;
    private volatile SitePoolCache sitePools;

    /** The inventory's site pools and the site versions they were built from, checked at most once a second. */
    private record SitePoolCache(long at, List<String> versions, List<PoolConfig> pools) {
    }

    /** Addresses reserved in the inventory, refreshed at most once a second (the DHCP hot path must not scan hosts per packet). */
    private record ReservationCache(long at, Set<Integer> ips) {
    }

    DhcpResponder(DhcpConfig config, BootAdvisor advisor, Inventory inventory, LeaseStore leases, DhcpCounters counters,
                  LongSupplier clockMillis, int fallbackAddress, DhcpEventLog events) {
        this(config, advisor, inventory, leases, counters, clockMillis, fallbackAddress, events, () -> null, new DhcpAlerts(events));
    }

    /**
     * @param timeline the hosts' timeline now, or null while kiln-events does not run (asked per request)
     * @param alerts   where a nearly exhausted pool is raised
     */
    DhcpResponder(DhcpConfig config, BootAdvisor advisor, Inventory inventory, LeaseStore leases, DhcpCounters counters,
                  LongSupplier clockMillis, int fallbackAddress, DhcpEventLog events, Supplier<HostEvents> timeline, DhcpAlerts alerts) {
        this(config, advisor, inventory, leases, counters, clockMillis, fallbackAddress, events, timeline, alerts, Runnable::run);
    }

    /** @param background where the pools' usage is counted (off the event loop: it walks every lease) */
    DhcpResponder(DhcpConfig config, BootAdvisor advisor, Inventory inventory, LeaseStore leases, DhcpCounters counters,
                  LongSupplier clockMillis, int fallbackAddress, DhcpEventLog events, Supplier<HostEvents> timeline, DhcpAlerts alerts,
                  java.util.concurrent.Executor background) {
        this.limits = new SourceLimits(config.guard(), clockMillis.getAsLong());
        this.usage = leases == null ? null : new PoolUsage(leases, alerts, config.guard().poolWarnPercent(), background);
        this.timeline = timeline;
        this.config = config;
        this.advisor = advisor;
        this.inventory = inventory;
        this.leases = leases;
        this.counters = counters;
        this.clock = clockMillis;
        this.fallbackAddress = fallbackAddress;
        this.events = events;
    }

    Optional<Reply> respond(RequestView r, Listener l, InetSocketAddress sender) {
        int server = l.address() != 0 ? l.address() : fallbackAddress;
        String[] why = {null};
        Optional<Reply> reply = config.mode() == DhcpConfig.Mode.PROXY ? proxy(r, l, sender, server, why) : full(r, l, server, why);
        if (reply.isEmpty()) counters.ignored.increment();
        String type = typeName(r.type());
        counters.byType.request(type);
        if (reply.isEmpty()) counters.byType.drop(type, DhcpMetrics.reason(type, why[0]));
        else counters.byType.answer(TYPES[reply.get().spec().type]);
        HostEvents t = timeline.get();
        if (events != null || t != null) {
            DhcpEvent e = event(r, l, reply.orElse(null), why[0]);
            if (events != null) events.add(e);
            if (t != null) record(t, r, e);
        }
        return reply;
    }

    /** The request and the answer into the host's timeline, when the inventory knows the machine. */
    private void record(HostEvents t, RequestView r, DhcpEvent e) {
        Optional<String> host;
        try {
            host = inventory.identify(r.mac(), r.uuid(), null).map(m -> m.host().name());
        } catch (RuntimeException x) {
            return; // the inventory cannot answer: the DHCP answer must not suffer for the timeline
        }
        if (host.isEmpty()) return;
        int type = r.type() < TYPES.length ? r.type() : 0;
        boolean answered = !"none".equals(e.answer());
        t.record(host.get(), EventSource.DHCP, "dhcp-" + TYPES[type].toLowerCase(java.util.Locale.ROOT), "from " + r.mac() + ", " + e.request()
                + (e.arch() == null ? "" : ", arch " + e.arch()) + (e.ipxe() ? ", iPXE" : "") + (answered ? "" : "; not answered: " + e.reason()));
        if (answered) {
            t.record(host.get(), EventSource.DHCP, "dhcp-" + e.answer().toLowerCase(java.util.Locale.ROOT),
                    (e.address() == null ? "no address" : "address " + e.address()) + (e.bootFile() == null ? "" : ", file " + e.bootFile())
                            + (e.reason().isEmpty() ? "" : "; " + e.reason()));
        }
    }

    private DhcpEvent event(RequestView r, Listener l, Reply reply, String why) {
        String request = TYPES[r.type() < TYPES.length ? r.type() : 0] + " on " + (l.iface() == null ? "" : l.iface() + ":") + l.port()
                + (r.giaddr() != 0 ? " via relay " + Ipv4.format(r.giaddr()) : "");
        if (reply == null) {
            return new DhcpEvent(Instant.ofEpochMilli(clock.getAsLong()), r.mac(), request, r.arch(), isIpxe(r), "none", null, null,
                    why == null ? "not a request Kiln answers in " + config.mode().name().toLowerCase() + " mode" : why);
        }
        ReplySpec s = reply.spec();
        if (why == null && s.options.containsKey(56)) why = new String(s.options.get(56), java.nio.charset.StandardCharsets.US_ASCII);
        return new DhcpEvent(Instant.ofEpochMilli(clock.getAsLong()), r.mac(), request, r.arch(), isIpxe(r), TYPES[s.type],
                s.yiaddr == 0 ? null : Ipv4.format(s.yiaddr), s.file, why == null ? "" : why);
    }

    private static boolean isIpxe(RequestView r) {
        return r.ipxeOptions() || r.userClasses().contains("iPXE");
    }

    private static final String[] TYPES = {"BOOTP", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM"};

    /** DISCOVER, REQUEST, ...; BOOTP for a message without (or with an unknown) option 53. */
    static String typeName(int type) {
        return TYPES[type >= 0 && type < TYPES.length ? type : 0];
    }

    // ---- proxy mode: boot information only, never an address ----

    private Optional<Reply> proxy(RequestView r, Listener l, InetSocketAddress sender, int server, String[] why) {
        boolean bootPort = l.isBootServerPort(config.proxyPort());
        boolean answerable = r.type() == RequestView.DISCOVER
                || bootPort && (r.type() == RequestView.REQUEST || r.type() == RequestView.INFORM)
                // a client that selected our proxy offer (some simple clients do) gets the same answer, still no address
                || r.type() == RequestView.REQUEST && r.serverId() == server && server != 0;
        if (!answerable) return Optional.empty();
        BootRequest br = bootRequest(r, server);
        if (!br.isBootClient() && !br.isIpxe()) {
            why[0] = "not a PXE/HTTP boot client (no option 60 PXEClient/HTTPClient): proxy mode leaves it to the network's DHCP server";
            return Optional.empty();
        }
        BootDecision d = advisor.decide(br);
        why[0] = last(d);
        if (!d.answers()) {
            LOG.debug("proxy: not answering {}: {}", r.mac(), d.reasons());
            return Optional.empty();
        }
        ReplySpec s = new ReplySpec(r.type() == RequestView.DISCOVER ? RequestView.OFFER : RequestView.ACK);
        s.ip(54, server);
        bootInfo(s, r, d, server, true);
        InetSocketAddress to = bootPort ? sender : destination(r, s, config.clientPort());
        LOG.info("proxy {} to {} ({}): {} {}", s.type == RequestView.OFFER ? "OFFER" : "ACK", r.mac(), d.host(), d.action(), d.bootFile());
        return Optional.of(new Reply(s, to));
    }

    // ---- full mode ----

    private Optional<Reply> full(RequestView r, Listener l, int server, String[] why) {
        if (l.isBootServerPort(config.proxyPort())) return Optional.empty();
        long nowMs = clock.getAsLong();
        long now = nowMs / 1000;
        List<PoolConfig> candidates = pools(r, l, nowMs);
        boolean asks = r.type() == RequestView.DISCOVER || r.type() == RequestView.REQUEST;
        if (candidates.isEmpty()) {
            why[0] = "no pool for this network (giaddr " + Ipv4.format(r.giaddr()) + ", " + l.describe() + ")";
            LOG.debug("full: no pool for {} (giaddr {}, interface {})", r.mac(), Ipv4.format(r.giaddr()), l.describe());
            return asks ? refuse(Refusal.NO_POOL, why, why[0]) : Optional.empty();
        }
        PoolConfig pool = candidates.get(0);
        Optional<Host> host = inventory.hostByMac(r.mac());
        int reserved = host.map(Host::ipv4).filter(ip -> ip != null).map(Ipv4::parse).filter(pool::contains).orElse(0);
        Set<Integer> others = othersReserved(reserved, nowMs);
        String name = host.map(Host::name).orElse(r.hostName());
        // the inventory's machines are always served; what unknown clients may take is limited (SourceLimits)
        boolean known = host.isPresent() || reserved != 0;
        String source = SourceLimits.source(r, l);
        switch (r.type()) {
            case RequestView.DISCOVER: {
                Refusal limited = known ? null : limits.admit(r.mac(), source, r.giaddr() != 0, nowMs);
                if (limited != null) return refuse(limited, why, limitReason(limited, source));
                LeaseEntry e = null;
                // the ranges of one network in turn: the next is used when one is full; offers nobody requested are
                // reused only when all are
                for (int pass = 0; pass < 2 && e == null; pass++) {
                    for (PoolConfig p : candidates) {
                        e = leases.offer(p, r.mac(), reserved, r.requestedIp(), others, now, config.offerSeconds(), name, pass == 1);
                        if (e != null) {
                            pool = p;
                            break;
                        }
                    }
                }
                if (usage != null) usage.check(allPools(), nowMs);
                if (e == null) {
                    // at flood rates a line per request would flood the log: the pool's warning (PoolUsage) says it
                    LOG.debug("full: no address for {} in pool {} (exhausted, or its reservation is held by another client)", r.mac(), pool.name());
                    return refuse(Refusal.POOL_EXHAUSTED, why, "no free address in pool " + pool.name()
                            + " (every address bound, declined or reserved, or this client's reservation is held by another)");
                }
                return Optional.of(addressReply(RequestView.OFFER, r, pool, e.ip(), server, why));
            }
            case RequestView.REQUEST: {
                if (r.serverId() != 0 && r.serverId() != server) {
                    // the client chose another server's offer: free ours at once
                    int offered = r.requestedIp();
                    if (offered != 0) leases.end(r.mac(), offered, LeaseState.RELEASED, now, now);
                    why[0] = "the client chose another server (" + Ipv4.format(r.serverId()) + ")";
                    return Optional.empty();
                }
                int ip = r.requestedIp() != 0 ? r.requestedIp() : r.ciaddr();
                if (ip == 0) return Optional.empty();
                if (!pool.contains(ip)) return Optional.of(nak(r, server, "address " + Ipv4.format(ip) + " is not on this network"));
                for (PoolConfig p : candidates) {
                    if (p.inRange(ip)) {
                        pool = p;
                        break;
                    }
                }
                LeaseEntry prior = leases.byIp(ip);
                boolean mine = prior != null && prior.mac().equals(r.mac());
                boolean offered = mine && prior.state() == LeaseState.OFFERED && prior.expires() > now;
                // a REQUEST for an address it was not offered and does not hold takes one as a DISCOVER would
                if (!known && !offered && !(mine && prior.state() == LeaseState.BOUND)) {
                    Refusal limited = limits.admit(r.mac(), source, r.giaddr() != 0, nowMs);
                    if (limited != null) return refuse(limited, why, limitReason(limited, source));
                }
                LeaseEntry e = leases.bind(pool, r.mac(), ip, reserved, others, now, name);
                if (e == null) return Optional.of(nak(r, server, "address " + Ipv4.format(ip) + " is not yours"));
                if (offered) limits.requested(source, nowMs);
                return Optional.of(addressReply(RequestView.ACK, r, pool, ip, server, why));
            }
            case RequestView.RELEASE:
                leases.end(r.mac(), r.ciaddr(), LeaseState.RELEASED, now, now);
                return Optional.empty();
            case RequestView.DECLINE:
                if (r.requestedIp() != 0) leases.end(r.mac(), r.requestedIp(), LeaseState.DECLINED, now, now + pool.leaseSeconds());
                return Optional.empty();
            case RequestView.INFORM: {
                ReplySpec s = new ReplySpec(RequestView.ACK);
                s.ip(54, server);
                networkOptions(s, pool, server);
                return Optional.of(new Reply(s, destination(r, s, config.clientPort())));
            }
            default:
                return Optional.empty();
        }
    }

    /** Counts a refusal and says why in the event log. */
    private Optional<Reply> refuse(Refusal x, String[] why, String detail) {
        counters.refused.get(x).increment();
        why[0] = "refused (" + x.label + "): " + detail;
        return Optional.empty();
    }

    private String limitReason(Refusal x, String source) {
        DhcpGuardConfig g = config.guard();
        return x == Refusal.MAC_RATE ? "more than " + g.macPerSecond() + " requests a second from this MAC (limit.macPerSecond)"
                : "the unknown clients of " + source + " hold " + g.sourceOffers() + " unrequested offers (limit.sourceOffers), "
                        + g.sourcePerSecond() + " more a second (limit.sourcePerSecond)";
    }

    private Reply addressReply(int type, RequestView r, PoolConfig pool, int ip, int server, String[] why) {
        ReplySpec s = new ReplySpec(type);
        s.yiaddr = ip;
        s.ip(54, server);
        s.u32(51, pool.leaseSeconds());
        s.u32(58, pool.leaseSeconds() / 2);
        s.u32(59, pool.leaseSeconds() * 7L / 8);
        networkOptions(s, pool, server);
        BootRequest br = bootRequest(r, server);
        if (br.isBootClient() || br.isIpxe()) {
            BootDecision d = advisor.decide(br);
            why[0] = last(d);
            if (d.answers()) bootInfo(s, r, d, server, false);
        } else {
            why[0] = "address only: not a PXE/HTTP boot client";
        }
        if (r.relayInfo() != null) s.option(82, r.relayInfo());
        return new Reply(s, destination(r, s, config.clientPort()));
    }

    private void networkOptions(ReplySpec s, PoolConfig pool, int server) {
        s.ip(1, Ipv4.mask(pool.prefix()));
        if (pool.router() != 0) s.ip(3, pool.router());
        s.ips(6, pool.dns());
        if (pool.domain() != null) s.text(15, pool.domain());
        s.ips(42, pool.ntp());
        s.ip(28, pool.broadcast());
    }

    private static String last(BootDecision d) {
        return d.reasons().isEmpty() ? d.action().name() : d.reasons().get(d.reasons().size() - 1);
    }

    private Reply nak(RequestView r, int server, String why) {
        LOG.info("full: NAK to {}: {}", r.mac(), why);
        ReplySpec s = new ReplySpec(RequestView.NAK);
        s.ip(54, server);
        s.text(56, why);
        if (r.relayInfo() != null) s.option(82, r.relayInfo());
        // RFC 2131 4.3.2: a NAK to a directly attached client is broadcast
        InetSocketAddress to = r.giaddr() != 0 ? new InetSocketAddress(Ipv4.inet(r.giaddr()), 67)
                : new InetSocketAddress(Ipv4.inet(BROADCAST), config.clientPort());
        return new Reply(s, to);
    }

    /** iPXE's encapsulated option 175, sub-option 176 (no-pxedhcp) = 1: the offer is all there is, no ProxyDHCP. */
    static final byte[] IPXE_NO_PXEDHCP = {(byte) 176, 1, 1};

    /** Boot server, file, and the PXE options the firmware looks for. */
    private static void bootInfo(ReplySpec s, RequestView r, BootDecision d, int server, boolean proxy) {
        int next = d.nextServer() != null ? Ipv4.parse(d.nextServer()) : server;
        s.siaddr = d.action() == BootAction.TFTP_LOADER ? next : server;
        s.file = d.bootFile();
        if (d.action() == BootAction.TFTP_LOADER) s.text(66, Ipv4.format(next));
        s.text(67, d.bootFile());
        String vc = d.vendorClass() != null ? d.vendorClass() : "PXEClient";
        // Option 60 PXEClient is for proxyDHCP. In a full-mode offer, EDK2 reads PXEClient without PXE boot servers in
        // option 43 as a "BINL" offer and asks again on port 4011, which full mode does not serve (PXE-E16 "No valid
        // offer"); a plain offer with a boot file is what PXE clients boot directly (as from ISC dhcpd or dnsmasq).
        // UEFI HTTP boot needs HTTPClient in every mode.
        if (proxy || !vc.startsWith("PXEClient")) s.text(60, vc);
        if (proxy && vc.startsWith("PXEClient")) s.option(43, PXE_VENDOR_OPTIONS);
        if (r.clientUuidRaw() != null) s.option(97, r.clientUuidRaw());
        // iPXE waits ~2-4 s for a ProxyDHCP offer after a plain one unless told there is none (175.176 no-pxedhcp)
        if (!proxy && isIpxe(r)) s.option(175, IPXE_NO_PXEDHCP);
    }

    /** RFC 2131 4.1: to the relay, to a configured client by unicast, else broadcast (the JVM cannot unicast to an unconfigured client). */
    private static InetSocketAddress destination(RequestView r, ReplySpec s, int clientPort) {
        if (r.giaddr() != 0) return new InetSocketAddress(Ipv4.inet(r.giaddr()), 67);
        if (r.ciaddr() != 0 && s.type != RequestView.NAK) return new InetSocketAddress(Ipv4.inet(r.ciaddr()), clientPort);
        return new InetSocketAddress(Ipv4.inet(BROADCAST), clientPort);
    }

    private BootRequest bootRequest(RequestView r, int server) {
        return new BootRequest(r.mac(), r.arch(), r.vendorClass(), r.userClasses(), r.ipxeOptions(), r.uuid(),
                server == 0 ? null : Ipv4.format(server));
    }

    /**
     * The pools of the client's network, in order (the ranges of one subnet): those naming the relay (giaddr) first,
     * else those whose subnet holds the relay's or the receiving interface's address, else, on a wildcard socket,
     * every pool when they all share one subnet. The configuration's pools come before the sites'.
     */
    private List<PoolConfig> pools(RequestView r, Listener l, long nowMs) {
        List<PoolConfig> all = new ArrayList<>(config.pools());
        all.addAll(sitePools(nowMs));
        List<PoolConfig> out = new ArrayList<>();
        if (r.giaddr() != 0) for (PoolConfig p : all) if (p.relays().contains(r.giaddr())) out.add(p);
        if (!out.isEmpty()) return out;
        int key = r.giaddr() != 0 ? r.giaddr() : l.address();
        if (key != 0) for (PoolConfig p : all) if (p.contains(key)) out.add(p);
        if (!out.isEmpty() || r.giaddr() != 0 || l.iface() != null || all.isEmpty()) return out;
        // a wildcard socket on a machine serving one network: that network is meant
        PoolConfig first = all.get(0);
        return all.stream().allMatch(p -> p.network() == first.network() && p.prefix() == first.prefix()) ? all : out;
    }

    /** Raises or ends the pools' nearly-exhausted warnings (at most every PoolUsage.CHECK_MILLIS). */
    void checkPools(List<PoolConfig> pools, long nowMs) {
        if (usage != null) usage.check(pools, nowMs);
    }

    /** Every pool served now, the configuration's first (for the status). */
    List<PoolConfig> allPools() {
        List<PoolConfig> all = new ArrayList<>(config.pools());
        if (config.mode() == DhcpConfig.Mode.FULL) all.addAll(sitePools(clock.getAsLong()));
        return all;
    }

    private List<PoolConfig> sitePools(long nowMs) {
        SitePoolCache c = sitePools;
        if (c != null && nowMs - c.at() <= 1000) return c.pools();
        List<Versioned<Site>> sites = inventory.list(Site.class);
        List<String> versions = sites.stream().map(v -> v.value().name() + "@" + v.version()).toList();
        if (c != null && c.versions().equals(versions)) {
            sitePools = new SitePoolCache(nowMs, versions, c.pools());
            return c.pools();
        }
        List<PoolConfig> pools = SitePools.of(sites.stream().map(Versioned::value).toList(), w -> LOG.warn("DHCP: {}", w));
        if (!pools.isEmpty() || c != null) LOG.info("DHCP: {} pool(s) from the inventory's sites: {}", pools.size(),
                pools.stream().map(PoolConfig::name).toList());
        sitePools = new SitePoolCache(nowMs, versions, pools);
        return pools;
    }

    private Set<Integer> othersReserved(int mine, long nowMs) {
        ReservationCache c = reservations;
        if (c == null || nowMs - c.at() > 1000) {
            Set<Integer> ips = new HashSet<>();
            for (Host h : inventory.hosts()) if (h.ipv4() != null) ips.add(Ipv4.parse(h.ipv4()));
            c = new ReservationCache(nowMs, Set.copyOf(ips));
            reservations = c;
        }
        if (mine == 0 || !c.ips().contains(mine)) return c.ips();
        Set<Integer> s = new HashSet<>(c.ips());
        s.remove(mine);
        return s;
    }
}
