package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DhcpResponderTest {
    static final String KNOWN = "52:54:00:00:00:01", RESERVED = "52:54:00:00:00:02";
    @TempDir Path dir;
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final DhcpCounters counters = new DhcpCounters();
    final FakeInventory inventory = new FakeInventory()
            .with(Host.of("known", List.of(KNOWN), "p"))
            .with(new Host("fixed", List.of(RESERVED), null, null, "p", "10.1.0.50", null, Map.of()));
    /** Known hosts get undionly.kpxe, iPXE gets a script URL, everyone else is ignored: enough policy to test the server. */
    final BootAdvisor advisor = r -> inventory.hostByMac(r.mac()).isEmpty()
            ? new BootDecision(BootAction.IGNORE, null, null, null, null, null, List.of("unknown"))
            : Integer.valueOf(16).equals(r.arch()) && !r.isIpxe()
            ? new BootDecision(BootAction.HTTP_LOADER, "http://10.1.0.1:8080/boot/loaders/snponly.efi", null, "HTTPClient", "known", "p", List.of())
            : r.isIpxe() ? new BootDecision(BootAction.IPXE_SCRIPT, "http://10.1.0.1:8080/boot/ipxe?mac=" + r.mac(), null, "PXEClient", "known", "p", List.of())
            : new BootDecision(BootAction.TFTP_LOADER, "undionly.kpxe", r.serverAddress(), "PXEClient", "known", "p", List.of());
    final Listener eth = new Listener("eth0", Ipv4.parse("10.1.0.1"), 24, 67);
    final Listener bootPort = new Listener("eth0", Ipv4.parse("10.1.0.1"), 24, 4011);
    final InetSocketAddress client = new InetSocketAddress("0.0.0.0", 68);
    final DhcpEventLog events = new DhcpEventLog(10);
    LeaseStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    DhcpResponder responder(String mode) {
        DhcpConfig cfg = DhcpConfig.parse(Map.of("mode", mode, "pool.a.subnet", "10.1.0.0/24", "pool.a.range", "10.1.0.100-10.1.0.102",
                "pool.a.router", "10.1.0.1", "pool.b.subnet", "10.2.0.0/24", "pool.b.range", "10.2.0.10-10.2.0.20"));
        if (mode.equals("full") && store == null) store = new LeaseStore(dir.resolve("leases.csv"));
        return new DhcpResponder(cfg, advisor, inventory, store, counters, clock::get, 0, events);
    }

    /** What the responder recorded into hosts' timelines, one "host type detail" line each. */
    final List<String> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
    final io.kiln.api.events.HostEvents recorder = new io.kiln.api.events.HostEvents() {
        public void record(String host, io.kiln.api.events.EventSource source, String type, String detail) {
            assertEquals(io.kiln.api.events.EventSource.DHCP, source);
            timeline.add(host + " " + type + " " + detail);
        }

        public List<io.kiln.api.events.HostEvent> events(String host, long afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        public List<io.kiln.api.events.HostEvent> recent(long afterId, int limit) {
            throw new UnsupportedOperationException();
        }
    };

    DhcpResponder recording(String mode, java.util.function.Supplier<io.kiln.api.events.HostEvents> t) {
        DhcpConfig cfg = DhcpConfig.parse(Map.of("mode", mode, "pool.a.subnet", "10.1.0.0/24", "pool.a.range", "10.1.0.100-10.1.0.102",
                "pool.a.router", "10.1.0.1"));
        if (mode.equals("full") && store == null) store = new LeaseStore(dir.resolve("leases.csv"));
        return new DhcpResponder(cfg, advisor, inventory, store, counters, clock::get, 0, null, t, new DhcpAlerts(null));
    }

    @Test
    void aKnownHostsExchangeGoesIntoItsTimelineInOrderAndStrangersDoNot() {
        DhcpResponder f = recording("full", () -> recorder);
        int ip = f.respond(discover(KNOWN), eth, client).orElseThrow().spec().yiaddr;
        f.respond(req(RequestView.REQUEST, KNOWN, 0, "PXEClient", ip, Ipv4.parse("10.1.0.1"), 0, null), eth, client).orElseThrow();
        f.respond(req(RequestView.REQUEST, KNOWN, 0, "PXEClient", Ipv4.parse("10.9.9.9"), 0, 0, null), eth, client).orElseThrow();
        f.respond(req(RequestView.DECLINE, KNOWN, null, null, ip, 0, 0, null), eth, client);
        f.respond(discover("52:54:00:ff:ff:ff"), eth, client).orElseThrow();
        String a = Ipv4.format(ip);
        assertEquals(List.of(
                "known dhcp-discover from " + KNOWN + ", DISCOVER on eth0:67, arch 0",
                "known dhcp-offer address " + a + ", file undionly.kpxe; TFTP_LOADER",
                "known dhcp-request from " + KNOWN + ", REQUEST on eth0:67, arch 0",
                "known dhcp-ack address " + a + ", file undionly.kpxe; TFTP_LOADER",
                "known dhcp-request from " + KNOWN + ", REQUEST on eth0:67, arch 0",
                "known dhcp-nak no address; address 10.9.9.9 is not on this network",
                "known dhcp-decline from " + KNOWN + ", DECLINE on eth0:67; not answered: not a request Kiln answers in full mode"), timeline,
                "a stranger (52:54:00:ff:ff:ff) got an address but no line: it is no host's");
    }

    @Test
    void proxyModeRecordsWhyAKnownHostWasNotAnsweredAndWorksWithoutTheTimeline() {
        DhcpResponder p = recording("proxy", () -> recorder);
        assertTrue(p.respond(req(RequestView.DISCOVER, KNOWN, null, null, 0, 0, 0, null), eth, client).isEmpty());
        assertEquals(List.of("known dhcp-discover from " + KNOWN + ", DISCOVER on eth0:67; not answered: not a PXE/HTTP boot client (no option"
                + " 60 PXEClient/HTTPClient): proxy mode leaves it to the network's DHCP server"), timeline);
        timeline.clear();
        assertTrue(p.respond(req(RequestView.DISCOVER, KNOWN, 0, "PXEClient", 0, 0, 0, null, "iPXE"), eth, client).isPresent());
        assertEquals(List.of("known dhcp-discover from " + KNOWN + ", DISCOVER on eth0:67, arch 0, iPXE",
                "known dhcp-offer no address, file http://10.1.0.1:8080/boot/ipxe?mac=" + KNOWN + "; IPXE_SCRIPT"), timeline,
                "the last step of the boot decision says why (this test's advisor gives none: its action)");
        // kiln-events not running: the same answer, nothing recorded
        timeline.clear();
        assertTrue(recording("proxy", () -> null).respond(discover(KNOWN), eth, client).isPresent());
        assertEquals(List.of(), timeline);
    }

    static RequestView req(int type, String mac, Integer arch, String vendor, int requested, int serverId, int giaddr, byte[] relay, String... userClass) {
        return new RequestView(42, 0x8000, 0, giaddr, new byte[6], mac, type, requested, serverId, arch, vendor, List.of(userClass), false,
                null, null, null, relay);
    }

    static RequestView discover(String mac) {
        return req(RequestView.DISCOVER, mac, 0, "PXEClient:Arch:00000:UNDI:002001", 0, 0, 0, null);
    }

    @Test
    void proxyAnswersKnownPxeClientsWithBootInfoAndNoAddress() {
        Reply r = responder("proxy").respond(discover(KNOWN), eth, client).orElseThrow();
        assertEquals(RequestView.OFFER, r.spec().type);
        assertEquals(0, r.spec().yiaddr);
        assertEquals("undionly.kpxe", r.spec().file);
        assertEquals(Ipv4.parse("10.1.0.1"), r.spec().siaddr);
        assertEquals("PXEClient", new String(r.spec().options.get(60)));
        assertArrayEquals(DhcpResponder.PXE_VENDOR_OPTIONS, r.spec().options.get(43));
        assertEquals(new InetSocketAddress("255.255.255.255", 68), r.to());
    }

    @Test
    void proxyIgnoresOrdinaryAndUnknownClientsAndCountsThem() {
        DhcpResponder p = responder("proxy");
        assertTrue(p.respond(req(RequestView.DISCOVER, KNOWN, null, null, 0, 0, 0, null), eth, client).isEmpty());
        assertTrue(p.respond(discover("52:54:00:ff:ff:ff"), eth, client).isEmpty());
        assertEquals(2, counters.ignored.sum());
        // the operator's trail says why, newest first
        assertEquals("unknown", events.recent("52:54:00:ff:ff:ff", 5).get(0).reason());
        assertTrue(events.recent(KNOWN, 5).get(0).reason().startsWith("not a PXE/HTTP boot client"));
        assertEquals("none", events.recent(KNOWN, 5).get(0).answer());
    }

    @Test
    void proxyBootServerPortAnswersTheRequestToItsSender() {
        InetSocketAddress sender = new InetSocketAddress("10.1.0.77", 68);
        Reply r = responder("proxy").respond(req(RequestView.REQUEST, KNOWN, 7, "PXEClient:Arch:00007", 0, 0, 0, null), bootPort, sender).orElseThrow();
        assertEquals(RequestView.ACK, r.spec().type);
        assertEquals(sender, r.to());
    }

    @Test
    void ipxeGetsTheScriptUrl() {
        Reply r = responder("proxy").respond(req(RequestView.DISCOVER, KNOWN, 0, "PXEClient", 0, 0, 0, null, "iPXE"), eth, client).orElseThrow();
        assertEquals("http://10.1.0.1:8080/boot/ipxe?mac=" + KNOWN, r.spec().file);
    }

    @Test
    void fullModeFourWayExchangeBindsAndPersists() {
        DhcpResponder f = responder("full");
        Reply offer = f.respond(discover(KNOWN), eth, client).orElseThrow();
        int ip = offer.spec().yiaddr;
        assertEquals(RequestView.OFFER, offer.spec().type);
        assertTrue(ip >= Ipv4.parse("10.1.0.100") && ip <= Ipv4.parse("10.1.0.102"));
        assertEquals("undionly.kpxe", offer.spec().file);
        Reply ack = f.respond(req(RequestView.REQUEST, KNOWN, 0, "PXEClient", ip, Ipv4.parse("10.1.0.1"), 0, null), eth, client).orElseThrow();
        assertEquals(RequestView.ACK, ack.spec().type);
        assertEquals(ip, ack.spec().yiaddr);
        io.kiln.api.dhcp.DhcpEvent last = events.recent(KNOWN, 1).get(0);
        assertEquals("ACK", last.answer());
        assertEquals(Ipv4.format(ip), last.address());
        assertEquals("undionly.kpxe", last.bootFile());
        store.close();
        store = new LeaseStore(dir.resolve("leases.csv"));
        assertEquals(KNOWN, store.byIp(ip).mac());
        assertEquals(io.kiln.api.dhcp.LeaseState.BOUND, store.byIp(ip).state());
        // the same client gets the same address back after the restart
        assertEquals(ip, responder("full").respond(discover(KNOWN), eth, client).orElseThrow().spec().yiaddr);
    }

    @Test
    void noAddressIsEverHandedToTwoClientsAndOnlyUnrequestedOffersAreReused() {
        DhcpResponder f = responder("full");
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Optional<Reply> o = f.respond(discover("52:54:00:00:01:0" + i), eth, client);
            assertTrue(given.add(o.orElseThrow().spec().yiaddr));
            clock.addAndGet(1000);
        }
        int first = f.respond(discover("52:54:00:00:01:00"), eth, client).orElseThrow().spec().yiaddr;
        clock.addAndGet(1000);
        // the pool of 3 is taken by offers: a new client gets the oldest one nobody requested (01:01's, not 01:00's renewed one)
        int reused = f.respond(discover("52:54:00:00:01:09"), eth, client).orElseThrow().spec().yiaddr;
        assertTrue(given.contains(reused) && reused != first, Ipv4.format(reused));
        assertEquals(1, store.offersReused());
        assertEquals("52:54:00:00:01:09", store.byIp(reused).mac());
        // the client it was offered to first is told no when it asks for it, and starts over
        Reply nak = f.respond(req(RequestView.REQUEST, "52:54:00:00:01:01", null, null, reused, Ipv4.parse("10.1.0.1"), 0, null), eth, client).orElseThrow();
        assertEquals(RequestView.NAK, nak.spec().type);
        // bound addresses are never reused: once all three are bound, a new client is refused and that is counted
        for (String mac : List.of("52:54:00:00:01:00", "52:54:00:00:01:09")) {
            int ip = store.all().stream().filter(e -> e.mac().equals(mac)).findFirst().orElseThrow().ip();
            assertEquals(RequestView.ACK, f.respond(req(RequestView.REQUEST, mac, null, null, ip, Ipv4.parse("10.1.0.1"), 0, null), eth, client)
                    .orElseThrow().spec().type);
        }
        int third = given.stream().filter(ip -> store.byIp(ip).state() == io.kiln.api.dhcp.LeaseState.OFFERED).findFirst().orElseThrow();
        String owner = store.byIp(third).mac();
        assertEquals(RequestView.ACK, f.respond(req(RequestView.REQUEST, owner, null, null, third, Ipv4.parse("10.1.0.1"), 0, null), eth, client)
                .orElseThrow().spec().type);
        assertTrue(f.respond(discover("52:54:00:00:01:08"), eth, client).isEmpty(), "three bound leases: nothing to offer");
        assertEquals(1, counters.refused.get(Refusal.POOL_EXHAUSTED).sum());
        assertTrue(events.recent("52:54:00:00:01:08", 1).get(0).reason().startsWith("refused (pool-exhausted): no free address in pool a"),
                events.recent(null, 3).toString());
    }

    @Test
    void aFloodOfDiscoversFromRandomMacsIsLimitedAndKnownHostsAreStillServed() {
        DhcpResponder f = guarded(Map.of("limit.sourceOffers", "5", "limit.sourcePerSecond", "2"));
        int offered = 0;
        for (int i = 0; i < 100; i++) if (f.respond(discover(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff)), eth, client).isPresent()) offered++;
        assertEquals(5, offered, "the interface's share of unrequested offers");
        assertEquals(95, counters.refused.get(Refusal.INTERFACE_RATE).sum());
        assertTrue(events.recent(null, 1).get(0).reason().startsWith("refused (interface-rate): the unknown clients of interface eth0 hold 5"),
                events.recent(null, 1).toString());
        // the inventory's machines are not limited, and get an address although the flood holds the whole pool
        assertTrue(f.respond(discover(KNOWN), eth, client).isPresent());
        assertEquals(Ipv4.parse("10.1.0.50"), f.respond(discover(RESERVED), eth, client).orElseThrow().spec().yiaddr);
        // a second later the flood may take two more
        clock.addAndGet(1000);
        offered = 0;
        for (int i = 100; i < 200; i++) if (f.respond(discover(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff)), eth, client).isPresent()) offered++;
        assertEquals(2, offered);
        // a real client retransmits: refused once for the flood, it is served when it asks again
        String real = "52:54:00:aa:00:01";
        assertTrue(f.respond(discover(real), eth, client).isEmpty());
        clock.addAndGet(300);
        Reply offer = f.respond(discover(real), eth, client).orElseThrow();
        assertEquals(RequestView.ACK, f.respond(req(RequestView.REQUEST, real, null, null, offer.spec().yiaddr, Ipv4.parse("10.1.0.1"), 0, null),
                eth, client).orElseThrow().spec().type);
        // relayed requests count against their relay, not the interface
        assertTrue(f.respond(req(RequestView.DISCOVER, "02:00:00:01:00:01", 0, null, 0, 0, Ipv4.parse("10.2.0.1"), null), eth, client).isPresent());
    }

    @Test
    void requestsGiveTheirShareBackAndOneMacIsLimited() {
        DhcpResponder f = guarded(Map.of("limit.sourceOffers", "3", "limit.sourcePerSecond", "1", "limit.macPerSecond", "3"));
        // real clients that request what they are offered never run out, however many there are
        for (int i = 0; i < 50; i++) {
            String mac = String.format("52:54:00:bb:00:%02x", i);
            Reply o = f.respond(discover(mac), eth, client).orElseThrow();
            Reply ack = f.respond(req(RequestView.REQUEST, mac, null, null, o.spec().yiaddr, Ipv4.parse("10.1.0.1"), 0, null), eth, client).orElseThrow();
            assertEquals(RequestView.ACK, ack.spec().type);
            store.end(mac, o.spec().yiaddr, io.kiln.api.dhcp.LeaseState.RELEASED, clock.get() / 1000, clock.get() / 1000);
        }
        assertEquals(0, counters.refused.get(Refusal.INTERFACE_RATE).sum());
        // one MAC asking over and over: three a second
        int answered = 0;
        for (int i = 0; i < 10; i++) if (f.respond(discover("52:54:00:cc:00:01"), eth, client).isPresent()) answered++;
        assertEquals(3, answered);
        assertEquals(7, counters.refused.get(Refusal.MAC_RATE).sum());
        assertEquals(Map.of("no-pool", 0L, "pool-exhausted", 0L, "mac-rate", 7L, "interface-rate", 0L, "relay-rate", 0L,
                "inventory-unavailable", 0L), counters.refusals());
    }

    @Test
    void aNearlyExhaustedPoolRaisesAWarningThatEndsWhenItHasRoomAgain() {
        DhcpAlerts alerts = new DhcpAlerts(events);
        DhcpConfig cfg = DhcpConfig.parse(Map.of("mode", "full", "pool.a.subnet", "10.1.0.0/24", "pool.a.range", "10.1.0.100-10.1.0.102",
                "poolWarnPercent", "60"));
        store = new LeaseStore(dir.resolve("leases.csv"));
        DhcpResponder f = new DhcpResponder(cfg, advisor, inventory, store, counters, clock::get, 0, events, () -> null, alerts);
        f.respond(discover("52:54:00:00:02:01"), eth, client).orElseThrow();
        assertEquals(List.of(), alerts.list(), "1 of 3");
        clock.addAndGet(PoolUsage.CHECK_MILLIS);
        f.respond(discover("52:54:00:00:02:02"), eth, client).orElseThrow();
        assertEquals(List.of("pool a nearly exhausted: 2 of 3 addresses offered or bound (poolWarnPercent 60)"), alerts.list());
        assertEquals("WARNING", events.recent("-", 1).get(0).request());
        // the offers lapse: the next check ends the warning
        clock.addAndGet(31_000);
        f.checkPools(f.allPools(), clock.get());
        assertEquals(List.of(), alerts.list());
    }

    /** Full mode on pools a and b with the given guard settings (b is reached through relay 10.2.0.1). */
    DhcpResponder guarded(Map<String, String> guard) {
        Map<String, String> p = new java.util.HashMap<>(Map.of("mode", "full", "pool.a.subnet", "10.1.0.0/24", "pool.a.range", "10.1.0.100-10.1.0.110",
                "pool.b.subnet", "10.2.0.0/24", "pool.b.range", "10.2.0.10-10.2.0.20"));
        p.putAll(guard);
        store = new LeaseStore(dir.resolve("leases.csv"));
        return new DhcpResponder(DhcpConfig.parse(p), advisor, inventory, store, counters, clock::get, 0, events);
    }

    @Test
    void reservationsGoToTheirHostAndNoOneElse() {
        DhcpResponder f = responder("full");
        assertEquals(Ipv4.parse("10.1.0.50"), f.respond(discover(RESERVED), eth, client).orElseThrow().spec().yiaddr);
        Reply nak = f.respond(req(RequestView.REQUEST, "52:54:00:00:09:09", null, null, Ipv4.parse("10.1.0.50"), 0, 0, null), eth, client).orElseThrow();
        assertEquals(RequestView.NAK, nak.spec().type);
    }

    @Test
    void relayedRequestsUseTheRelaysPoolAndEchoOption82() {
        byte[] relay = {1, 4, 'p', 'o', 'r', 't', 2, 2, 'r', '1'};
        Reply r = responder("full").respond(req(RequestView.DISCOVER, KNOWN, null, null, 0, 0, Ipv4.parse("10.2.0.1"), relay), eth, client).orElseThrow();
        assertTrue(r.spec().yiaddr >= Ipv4.parse("10.2.0.10") && r.spec().yiaddr <= Ipv4.parse("10.2.0.20"));
        assertEquals(new InetSocketAddress("10.2.0.1", 67), r.to());
        assertArrayEquals(relay, r.spec().options.get(82));
    }

    @Test
    void fullModeBootAnswerIsAPlainOfferWithABootFileNotAPxeServerOffer() {
        // EDK2 (OVMF) takes "PXEClient" without PXE boot servers for a BINL offer and retries on port 4011, which full
        // mode does not serve: its PXE boot failed with PXE-E16 until full mode stopped sending option 60 PXEClient
        DhcpResponder f = responder("full");
        Reply offer = f.respond(req(RequestView.DISCOVER, KNOWN, 7, "PXEClient:Arch:00007:UNDI:003000", 0, 0, 0, null), eth, client).orElseThrow();
        assertEquals("undionly.kpxe", offer.spec().file);
        assertEquals("undionly.kpxe", new String(offer.spec().options.get(67)));
        assertEquals(Ipv4.parse("10.1.0.1"), offer.spec().siaddr);
        assertNull(offer.spec().options.get(60), "no option 60 PXEClient in a full-mode offer");
        assertNull(offer.spec().options.get(43));
        Reply ack = f.respond(req(RequestView.REQUEST, KNOWN, 7, "PXEClient:Arch:00007:UNDI:003000", offer.spec().yiaddr,
                Ipv4.parse("10.1.0.1"), 0, null), eth, client).orElseThrow();
        assertNull(ack.spec().options.get(60));
        assertEquals("undionly.kpxe", ack.spec().file);
    }

    @Test
    void uefiHttpBootGetsHttpClientInEveryMode() {
        for (String mode : List.of("full", "proxy")) {
            Reply r = responder(mode).respond(req(RequestView.DISCOVER, KNOWN, 16, "HTTPClient:Arch:00016:UNDI:003000", 0, 0, 0, null),
                    eth, client).orElseThrow();
            assertEquals("HTTPClient", new String(r.spec().options.get(60)), mode);
            assertEquals("http://10.1.0.1:8080/boot/loaders/snponly.efi", new String(r.spec().options.get(67)), mode);
            assertNull(r.spec().options.get(43), mode);
        }
    }

    @Test
    void requestForAnotherServerReleasesOurOffer() {
        DhcpResponder f = responder("full");
        int ip = f.respond(discover(KNOWN), eth, client).orElseThrow().spec().yiaddr;
        assertTrue(f.respond(req(RequestView.REQUEST, KNOWN, null, null, ip, Ipv4.parse("10.1.0.254"), 0, null), eth, client).isEmpty());
        assertNotEquals(io.kiln.api.dhcp.LeaseState.OFFERED, store.byIp(ip).state());
    }

    static int ip(String dotted) {
        return Ipv4.parse(dotted);
    }

    static RequestView relayed(String mac, String giaddr) {
        return req(RequestView.DISCOVER, mac, null, null, 0, 0, ip(giaddr), null);
    }

    @Test
    void fullModeServesTheSitesNetworksWithTheirOptions() {
        inventory.with(new Site("shop-7", null, Map.of("dns", "10.7.0.53, 10.7.0.54", "ntp", "10.7.0.1,ntp.example.com", "domain", "shop7.example",
                "dhcp_lease_seconds", "900"), List.of(new SiteNetwork("10.7.0.0/24", "10.7.0.1", List.of("10.7.0.100-10.7.0.100", "10.7.0.200-10.7.0.201"),
                List.of("192.168.50.2"))), null));
        DhcpResponder f = responder("full");
        // a relay on the site's subnet (its gateway address as giaddr)
        Reply offer = f.respond(relayed("52:54:00:07:00:01", "10.7.0.1"), eth, client).orElseThrow();
        assertEquals(ip("10.7.0.100"), offer.spec().yiaddr);
        assertArrayEquals(new byte[] {10, 7, 0, 1}, offer.spec().options.get(3));
        assertArrayEquals(new byte[] {10, 7, 0, 53, 10, 7, 0, 54}, offer.spec().options.get(6));
        assertArrayEquals(new byte[] {10, 7, 0, 1}, offer.spec().options.get(42), "NTP: the IPv4 entries only");
        assertEquals("shop7.example", new String(offer.spec().options.get(15)));
        assertArrayEquals(new byte[] {0, 0, 3, (byte) 0x84}, offer.spec().options.get(51));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, 0}, offer.spec().options.get(1));
        // the first range is full: the next range of the same network
        Reply second = f.respond(relayed("52:54:00:07:00:02", "10.7.0.1"), eth, client).orElseThrow();
        assertEquals(ip("10.7.0.200"), second.spec().yiaddr);
        // a relay the site names, outside its subnet, gets the site's pool too
        Reply viaListed = f.respond(relayed("52:54:00:07:00:03", "192.168.50.2"), eth, client).orElseThrow();
        assertEquals(ip("10.7.0.201"), viaListed.spec().yiaddr);
        // every range full of offers: the first range's offer, never requested, goes to the next client
        assertEquals(ip("10.7.0.100"), f.respond(relayed("52:54:00:07:00:04", "10.7.0.1"), eth, client).orElseThrow().spec().yiaddr);
        // the REQUEST binds in the range the address belongs to, and the journal names the site's pool
        Reply ack = f.respond(req(RequestView.REQUEST, "52:54:00:07:00:02", null, null, ip("10.7.0.200"), 0, ip("10.7.0.1"), null), eth, client)
                .orElseThrow();
        assertEquals(RequestView.ACK, ack.spec().type);
        assertEquals("shop-7/10.7.0.200-10.7.0.201", store.byIp(ip("10.7.0.200")).pool());
        // the configuration's pools are untouched
        assertEquals(ip("10.1.0.100"), f.respond(discover(KNOWN), eth, client).orElseThrow().spec().yiaddr);
    }

    @Test
    void aSiteChangeReachesTheServerWithinASecond() {
        DhcpResponder f = responder("full");
        assertTrue(f.respond(relayed("52:54:00:08:00:01", "10.8.0.1"), eth, client).isEmpty(), "no pool for 10.8.0.0/24 yet");
        inventory.with(new Site("lab-8", null, Map.of(), List.of(new SiteNetwork("10.8.0.0/24", null, List.of("10.8.0.10-10.8.0.20"), null)), null));
        assertTrue(f.respond(relayed("52:54:00:08:00:01", "10.8.0.1"), eth, client).isEmpty(), "cached for up to a second");
        clock.addAndGet(1001);
        assertEquals(ip("10.8.0.10"), f.respond(relayed("52:54:00:08:00:01", "10.8.0.1"), eth, client).orElseThrow().spec().yiaddr);
    }

    @Test
    void sitePoolsLeaveOutWhatTheServerCannotUse() {
        List<String> warnings = new java.util.ArrayList<>();
        List<PoolConfig> pools = SitePools.of(List.of(new Site("odd", null, Map.of("dhcp_lease_seconds", "soon"), List.of(
                new SiteNetwork("10.9.0.0/24", null, List.of("10.9.1.1-10.9.1.5", "10.9.0.5-10.9.0.6"), null),
                new SiteNetwork("10.0.0.0/31", null, List.of("10.0.0.0-10.0.0.1"), null)), null)), warnings::add);
        assertEquals(List.of("odd/10.9.0.5-10.9.0.6"), pools.stream().map(PoolConfig::name).toList());
        assertEquals(SitePools.DEFAULT_LEASE_SECONDS, pools.get(0).leaseSeconds());
        assertEquals(3, warnings.size(), warnings.toString());
    }
}
