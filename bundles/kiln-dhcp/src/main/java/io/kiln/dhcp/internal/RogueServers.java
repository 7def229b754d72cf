package io.kiln.dhcp.internal;

import io.kiln.dhcp.internal.codec.DhcpMessage;
import io.kiln.dhcp.internal.codec.MessageType;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Other DHCP servers answering on Kiln's networks, noticed from their OFFERs and ACKs: those broadcast to clients
 * (Kiln listens on the client port, 68, of each interface it serves) and any reply that reaches Kiln's own sockets.
 * In full mode every other server is rogue; in proxy mode the network's own DHCP server is expected, so only another
 * boot server (a reply with a boot file, or option 60 PXEClient / HTTPClient) is, and address servers are reported
 * only when {@code knownServers} is set and they are not in it. Servers listed in {@code knownServers} never are.
 */
final class RogueServers {
    private static final int MAX_SERVERS = 64;
    private final DhcpConfig config;
    private final DhcpAlerts alerts;
    /** Kiln's own addresses (its replies come back to its port 68 socket). */
    private final Set<Integer> own;
    private final Map<Integer, Seen> seen = new LinkedHashMap<>();

    /** One other server: what it did last. */
    private static final class Seen {
        long replies;
        String last;
    }

    RogueServers(DhcpConfig config, DhcpAlerts alerts, Set<Integer> ownAddresses) {
        this.config = config;
        this.alerts = alerts;
        this.own = Set.copyOf(ownAddresses);
    }

    /** A BOOTREPLY received on {@code l} from {@code sender}. */
    void reply(DhcpMessage m, Listener l, InetSocketAddress sender, long nowMillis) {
        MessageType type = m.messageType().orElse(null);
        if (type != MessageType.OFFER && type != MessageType.ACK) return;
        int server = m.options().serverId().map(Ipv4::of).orElse(0);
        int from = sender != null && sender.getAddress() instanceof Inet4Address a ? Ipv4.of(a) : 0;
        int id = server != 0 ? server : from;
        if (id == 0 || own.contains(id) || own.contains(from) || l.address() != 0 && (id == l.address() || from == l.address())) return;
        if (config.guard().knownServers().contains(id) || config.guard().knownServers().contains(from)) return;
        int yiaddr = ip(m.yiaddr());
        String file = m.options().bootfileName().orElse(m.file());
        String vendor = m.options().vendorClass().orElse("");
        boolean bootServer = file != null && !file.isBlank() || vendor.startsWith("PXEClient") || vendor.startsWith("HTTPClient");
        boolean rogue = config.mode() == DhcpConfig.Mode.FULL || bootServer || !config.guard().knownServers().isEmpty();
        if (!rogue) return;
        String what = type + " to " + m.macString() + (yiaddr != 0 ? " of " + Ipv4.format(yiaddr) : "") + (bootFile(file) ? ", file " + file : "")
                + " on " + (l.iface() == null ? "port " + l.port() : l.iface());
        long count;
        synchronized (this) {
            Seen s = seen.get(id);
            if (s == null) {
                if (seen.size() >= MAX_SERVERS) return;
                s = new Seen();
                seen.put(id, s);
            }
            count = ++s.replies;
            s.last = what;
        }
        String name = (bootServer && yiaddr == 0 ? "boot server " : "DHCP server ") + Ipv4.format(id)
                + (from != 0 && from != id ? " (from " + Ipv4.format(from) + ")" : "");
        String message = name + " answers on Kiln's boot network: " + count
                + " repl" + (count == 1 ? "y" : "ies") + ", last " + what;
        if (rogue) alerts.raise("rogue " + Ipv4.format(id), "rogue " + message, nowMillis);
    }

    private static boolean bootFile(String f) {
        return f != null && !f.isBlank();
    }

    /** Servers seen so far, one line each (for tests). */
    synchronized List<String> seen() {
        List<String> out = new ArrayList<>();
        seen.forEach((ip, s) -> out.add(Ipv4.format(ip) + ": " + s.replies + ", last " + s.last));
        return out;
    }

    private static int ip(Inet4Address a) {
        return a == null ? 0 : Ipv4.of(a);
    }
}
