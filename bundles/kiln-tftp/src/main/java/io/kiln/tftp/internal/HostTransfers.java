package io.kiln.tftp.internal;

import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.dhcp.Lease;
import io.kiln.api.dhcp.LeaseState;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * TFTP outcomes into the timeline of the host that asked. TFTP knows the client's address only; the host is the
 * inventory's host with that static address, else the one whose MAC holds Kiln's DHCP lease of it (full mode).
 * In proxy mode the network's DHCP server hands out the addresses, Kiln has no lease, and a transfer is no host's
 * (unless the host has a static address): it is then not recorded. Every service is optional and asked per call.
 */
final class HostTransfers implements TransferLog {
    private final Supplier<HostEvents> events;
    private final Supplier<DhcpService> dhcp;
    private final Supplier<Inventory> inventory;
    private final Clock clock;

    HostTransfers(Supplier<HostEvents> events, Supplier<DhcpService> dhcp, Supplier<Inventory> inventory, Clock clock) {
        this.events = events;
        this.dhcp = dhcp;
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public void sent(InetSocketAddress client, String file, long bytes, long millis) {
        record(client, "tftp-sent", Printable.of(file) + ", " + bytes + " bytes in " + millis + " ms to " + address(client));
    }

    @Override
    public void failed(InetSocketAddress client, String file, String type, String why) {
        record(client, type, Printable.of(file) + " to " + address(client) + ": " + why);
    }

    private void record(InetSocketAddress client, String type, String detail) {
        HostEvents t = events.get();
        if (t == null) return;
        try {
            host(address(client)).ifPresent(h -> t.record(h, EventSource.TFTP, type, detail));
        } catch (RuntimeException e) {
            // the inventory or DHCP cannot answer now: the transfer is not the worse for it
        }
    }

    /** The host of a client address, if Kiln knows it. */
    Optional<String> host(String ip) {
        Inventory inv = inventory.get();
        if (inv == null) return Optional.empty();
        for (Host h : inv.hosts()) if (ip.equals(h.ipv4())) return Optional.of(h.name());
        DhcpService d = dhcp.get();
        if (d == null) return Optional.empty();
        long now = clock.instant().getEpochSecond();
        for (Lease l : d.leases()) {
            if (ip.equals(l.ip()) && (l.state() == LeaseState.BOUND || l.state() == LeaseState.OFFERED) && l.expires().getEpochSecond() > now) {
                return inv.hostByMac(l.mac()).map(Host::name);
            }
        }
        return Optional.empty();
    }

    private static String address(InetSocketAddress client) {
        return client.getAddress().getHostAddress();
    }
}
