package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.inventory.Host;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The responder's real decisions, counted by type and by the word for each reason. */
class DhcpMetricsTest {
    static final String KNOWN = "52:54:00:00:00:01";
    @TempDir Path dir;
    final DhcpCounters counters = new DhcpCounters();
    final FakeInventory inventory = new FakeInventory().with(Host.of("known", List.of(KNOWN), "p"));
    final BootAdvisor advisor = r -> inventory.hostByMac(r.mac()).isEmpty()
            ? new BootDecision(BootAction.IGNORE, null, null, null, null, null, List.of("unknown machine: policy ignore"))
            : new BootDecision(BootAction.TFTP_LOADER, "undionly.kpxe", r.serverAddress(), "PXEClient", "known", "p", List.of());
    final Listener eth = new Listener("eth0", Ipv4.parse("10.1.0.1"), 24, 67);
    final Listener other = new Listener("eth1", Ipv4.parse("10.9.0.1"), 24, 67);
    final InetSocketAddress client = new InetSocketAddress("0.0.0.0", 68);
    LeaseStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    DhcpResponder responder(String mode) {
        DhcpConfig cfg = DhcpConfig.parse(Map.of("mode", mode, "pool.a.subnet", "10.1.0.0/24", "pool.a.range", "10.1.0.100-10.1.0.101"));
        if (mode.equals("full")) store = new LeaseStore(dir.resolve("leases.csv"));
        return new DhcpResponder(cfg, advisor, inventory, store, counters, new AtomicLong(1_700_000_000_000L)::get, 0, new DhcpEventLog(10));
    }

    @Test
    void proxyCountsAnswersAndDropsByTypeAndReason() {
        DhcpResponder p = responder("proxy");
        p.respond(DhcpResponderTest.discover(KNOWN), eth, client);
        p.respond(DhcpResponderTest.discover("52:54:00:ff:ff:ff"), eth, client);
        p.respond(DhcpResponderTest.req(RequestView.DISCOVER, KNOWN, null, null, 0, 0, 0, null), eth, client);
        p.respond(DhcpResponderTest.req(RequestView.RELEASE, KNOWN, null, null, 0, 0, 0, null), eth, client);
        p.respond(DhcpResponderTest.req(RequestView.INFORM, KNOWN, null, null, 0, 0, 0, null), eth, client);
        Map<String, Double> m = flat(counters.byType.families(3));
        assertEquals(3.0, m.get("kiln_dhcp_requests_total{type=discover}"));
        assertEquals(1.0, m.get("kiln_dhcp_requests_total{type=release}"));
        assertEquals(1.0, m.get("kiln_dhcp_answers_total{type=offer}"));
        assertEquals(1.0, m.get("kiln_dhcp_drops_total{reason=boot_policy,type=discover}"));
        assertEquals(1.0, m.get("kiln_dhcp_drops_total{reason=not_boot_client,type=discover}"));
        assertEquals(1.0, m.get("kiln_dhcp_drops_total{reason=no_reply_expected,type=release}"));
        assertEquals(1.0, m.get("kiln_dhcp_drops_total{reason=not_for_kiln,type=inform}"));
        assertEquals(3.0, m.get("kiln_dhcp_drops_total{reason=malformed,type=unknown}"));
    }

    @Test
    void fullModeCountsAnExhaustedPoolAndANetworkWithoutOne() {
        DhcpResponder f = responder("full");
        for (int i = 1; i <= 2; i++) { // both addresses bound: nothing left to offer, not even an unrequested offer
            String mac = "52:54:00:00:01:0" + i;
            int ip = f.respond(DhcpResponderTest.discover(mac), eth, client).orElseThrow().spec().yiaddr;
            f.respond(DhcpResponderTest.req(RequestView.REQUEST, mac, 0, "PXEClient", ip, Ipv4.parse("10.1.0.1"), 0, null), eth, client).orElseThrow();
        }
        f.respond(DhcpResponderTest.discover("52:54:00:00:01:03"), eth, client);
        f.respond(DhcpResponderTest.discover(KNOWN), other, client);
        Map<String, Double> m = flat(counters.byType.families(0));
        assertEquals(2.0, m.get("kiln_dhcp_answers_total{type=offer}"));
        assertEquals(2.0, m.get("kiln_dhcp_answers_total{type=ack}"));
        assertEquals(1.0, m.get("kiln_dhcp_drops_total{reason=pool_exhausted,type=discover}"));
        assertEquals(1.0, m.get("kiln_dhcp_drops_total{reason=no_pool,type=discover}"));
    }

    /** name{label=value,...} (labels sorted) -> value. */
    static Map<String, Double> flat(List<MetricFamily> families) {
        Map<String, Double> out = new TreeMap<>();
        for (MetricFamily f : families) {
            for (Sample s : f.samples()) {
                StringBuilder k = new StringBuilder(f.name()).append('{');
                s.labels().forEach((a, b) -> k.append(k.charAt(k.length() - 1) == '{' ? "" : ",").append(a).append('=').append(b));
                out.put(k.append('}').toString(), s.value());
            }
        }
        return out;
    }
}
