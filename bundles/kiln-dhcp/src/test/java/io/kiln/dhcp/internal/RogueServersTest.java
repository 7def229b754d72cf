package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.dhcp.internal.codec.DhcpMessage;
import io.kiln.dhcp.internal.codec.MessageType;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RogueServersTest {
    final DhcpEventLog events = new DhcpEventLog(10);
    final DhcpAlerts alerts = new DhcpAlerts(events);
    final Listener watch = new Listener("eth0", Ipv4.parse("10.1.0.1"), 24, 68);

    RogueServers watcher(String mode, String known) {
        DhcpConfig cfg = DhcpConfig.parse(Map.of("mode", mode, "knownServers", known));
        return new RogueServers(cfg, alerts, Set.of(Ipv4.parse("10.1.0.1")));
    }

    static DhcpMessage reply(MessageType type, String server, String yiaddr, String file) {
        DhcpMessage.Builder b = DhcpMessage.builder().op(2).htype(1).xid(7).chaddr(new byte[] {0x52, 0x54, 0, 0, 0, 9})
                .yiaddr(Ipv4.inet(Ipv4.parse(yiaddr))).messageType(type).option(54, Ipv4.inet(Ipv4.parse(server)).getAddress());
        if (file != null) b.file(file);
        return b.build();
    }

    static InetSocketAddress from(String ip) {
        return new InetSocketAddress(ip, 67);
    }

    @Test
    void fullModeReportsAnyOtherServerOnceAndCountsItsReplies() {
        RogueServers r = watcher("full", "");
        r.reply(reply(MessageType.OFFER, "10.1.0.9", "10.1.0.200", null), watch, from("10.1.0.9"), 1000);
        r.reply(reply(MessageType.ACK, "10.1.0.9", "10.1.0.200", null), watch, from("10.1.0.9"), 2000);
        assertEquals(List.of("rogue DHCP server 10.1.0.9 answers on Kiln's boot network: 2 replies, last ACK to 52:54:00:00:00:09 of 10.1.0.200 on eth0"),
                alerts.list());
        assertEquals(1, events.recent("-", 10).size(), "warned once, not per reply");
        assertTrue(events.recent("-", 1).get(0).reason().startsWith("rogue DHCP server 10.1.0.9 answers on Kiln's boot network: 1 reply"));
    }

    @Test
    void kilnsOwnRepliesRequestsAndKnownServersAreNotReported() {
        RogueServers r = watcher("full", "10.1.0.254");
        r.reply(reply(MessageType.OFFER, "10.1.0.1", "10.1.0.100", null), watch, from("10.1.0.1"), 1000);
        r.reply(reply(MessageType.OFFER, "10.1.0.254", "10.1.0.150", null), watch, from("10.1.0.254"), 1000);
        r.reply(reply(MessageType.NAK, "10.1.0.9", "0.0.0.0", null), watch, from("10.1.0.9"), 1000);
        assertEquals(List.of(), alerts.list());
    }

    @Test
    void proxyModeExpectsTheNetworksDhcpServerButNotAnotherBootServer() {
        RogueServers r = watcher("proxy", "");
        r.reply(reply(MessageType.OFFER, "10.1.0.254", "10.1.0.150", null), watch, from("10.1.0.254"), 1000);
        assertEquals(List.of(), alerts.list(), "the network's DHCP server hands out addresses: expected in proxy mode");
        r.reply(reply(MessageType.OFFER, "10.1.0.66", "0.0.0.0", "pxelinux.0"), watch, from("10.1.0.66"), 1000);
        assertEquals(List.of("rogue boot server 10.1.0.66 answers on Kiln's boot network: 1 reply, last OFFER to 52:54:00:00:00:09, file pxelinux.0 on eth0"),
                alerts.list());
        // with knownServers set, an address server not in it is reported too
        RogueServers strict = watcher("proxy", "10.1.0.254");
        strict.reply(reply(MessageType.OFFER, "10.1.0.254", "10.1.0.150", null), watch, from("10.1.0.254"), 1000);
        strict.reply(reply(MessageType.OFFER, "10.1.0.77", "10.1.0.160", null), watch, from("10.1.0.77"), 1000);
        assertTrue(alerts.list().contains("rogue DHCP server 10.1.0.77 answers on Kiln's boot network: 1 reply, last OFFER to 52:54:00:00:00:09 of 10.1.0.160 on eth0"),
                alerts.list().toString());
    }
}
