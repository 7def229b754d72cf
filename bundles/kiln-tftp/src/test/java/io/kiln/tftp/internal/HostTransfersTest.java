package io.kiln.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.dhcp.Lease;
import io.kiln.api.dhcp.LeaseState;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A TFTP client's address is a host by its static address or by Kiln's DHCP lease; otherwise its transfer is no host's. */
class HostTransfersTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    final List<String> recorded = new ArrayList<>();
    final HostEvents timeline = new HostEvents() {
        public void record(String host, EventSource source, String type, String detail) {
            assertEquals(EventSource.TFTP, source);
            recorded.add(host + " " + type + " " + detail);
        }

        public List<HostEvent> events(String host, long afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        public List<HostEvent> recent(long afterId, int limit) {
            throw new UnsupportedOperationException();
        }
    };

    static Inventory inventory(Host... hosts) {
        return (Inventory) Proxy.newProxyInstance(Inventory.class.getClassLoader(), new Class<?>[] {Inventory.class}, (x, m, a) -> switch (m.getName()) {
            case "hosts" -> List.of(hosts);
            case "hostByMac" -> List.of(hosts).stream().filter(h -> h.macs().contains(a[0])).findFirst();
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    static DhcpService leases(Lease... leases) {
        return (DhcpService) Proxy.newProxyInstance(DhcpService.class.getClassLoader(), new Class<?>[] {DhcpService.class}, (x, m, a) -> {
            if (!m.getName().equals("leases")) throw new UnsupportedOperationException(m.getName());
            return List.of(leases);
        });
    }

    static Lease lease(String ip, String mac, LeaseState state, Instant expires) {
        return new Lease(ip, mac, "client-says-so", state, NOW.minusSeconds(60), expires, "lab");
    }

    HostTransfers transfers(HostEvents t, DhcpService d, Inventory i) {
        return new HostTransfers(() -> t, () -> d, () -> i, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theHostIsFoundByItsStaticAddressOrByKilnsLeaseOfTheAddress() {
        Inventory inv = inventory(
                Host.builder("fixed-1").macs(List.of("52:54:00:00:00:01")).ipv4("10.0.0.50").build(),
                Host.builder("pxe-1").macs(List.of("52:54:00:00:00:02")).build());
        DhcpService dhcp = leases(
                lease("10.0.0.101", "52:54:00:00:00:02", LeaseState.BOUND, NOW.plusSeconds(600)),
                lease("10.0.0.102", "52:54:00:00:00:99", LeaseState.BOUND, NOW.plusSeconds(600)),
                lease("10.0.0.103", "52:54:00:00:00:02", LeaseState.BOUND, NOW.minusSeconds(1)),
                lease("10.0.0.104", "52:54:00:00:00:02", LeaseState.RELEASED, NOW.plusSeconds(600)));
        HostTransfers t = transfers(timeline, dhcp, inv);
        assertEquals(Optional.of("fixed-1"), t.host("10.0.0.50"));
        assertEquals(Optional.of("pxe-1"), t.host("10.0.0.101"));
        assertEquals(Optional.empty(), t.host("10.0.0.102"), "a lease of a machine no host owns (the client's own name does not count)");
        assertEquals(Optional.empty(), t.host("10.0.0.103"), "an expired lease");
        assertEquals(Optional.empty(), t.host("10.0.0.104"), "a released lease");
        assertEquals(Optional.empty(), transfers(timeline, null, inv).host("10.0.0.101"), "proxy mode / no DHCP: no leases");

        t.sent(new InetSocketAddress("10.0.0.101", 2070), "snponly.efi", 1024, 12);
        t.failed(new InetSocketAddress("10.0.0.50", 2070), "pxelinux.cfg/x", "tftp-not-found", "in none of the roots");
        t.sent(new InetSocketAddress("10.0.0.102", 2070), "snponly.efi", 1024, 12);
        assertEquals(List.of("pxe-1 tftp-sent \"snponly.efi\", 1024 bytes in 12 ms to 10.0.0.101",
                "fixed-1 tftp-not-found \"pxelinux.cfg/x\" to 10.0.0.50: in none of the roots"), recorded);
    }

    @Test
    void withoutTheTimelineOrTheInventoryNothingIsAskedNorRecorded() {
        transfers(null, leases(), inventory()).sent(new InetSocketAddress("10.0.0.1", 69), "a", 1, 1);
        transfers(timeline, leases(), null).sent(new InetSocketAddress("10.0.0.1", 69), "a", 1, 1);
        assertEquals(List.of(), recorded);
    }
}
