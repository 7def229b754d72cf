package io.kiln.dhcp.internal;

import io.kiln.dhcp.internal.codec.DhcpMessage;
import io.kiln.dhcp.internal.codec.DhcpOptions;
import io.kiln.dhcp.internal.codec.MessageType;
import java.net.Inet4Address;
import java.util.Map;

/** Between the wire model (codec) and the responder's view: reads the fields decisions need, writes a reply message. */
final class CodecBridge {
    private CodecBridge() {
    }

    /** @return the request, or null for a message that is not an Ethernet client's request (a BOOTREPLY) */
    static RequestView view(DhcpMessage m) {
        if (!m.isRequest() || m.hlen() != 6) return null; // Ethernet clients only
        DhcpOptions o = m.options();
        return new RequestView(m.xid(), m.flags(), ip(m.ciaddr()), ip(m.giaddr()), m.chaddr(), m.macString(),
                m.messageType().map(MessageType::code).orElse(0), o.requestedIp().map(CodecBridge::ip).orElse(0),
                o.serverId().map(CodecBridge::ip).orElse(0), o.arch().isPresent() ? o.arch().getAsInt() : null,
                o.vendorClass().orElse(null), o.userClasses(), o.hasIpxeOptions(), o.uuid().orElse(null),
                o.get(97).orElse(null), o.hostname().orElse(null), o.get(82).orElse(null));
    }

    static DhcpMessage reply(RequestView r, ReplySpec s) {
        DhcpMessage.Builder b = DhcpMessage.builder().op(2).htype(1).xid(r.xid()).flags(r.flags())
                .giaddr(Ipv4.inet(r.giaddr())).chaddr(r.chaddr()).yiaddr(Ipv4.inet(s.yiaddr)).siaddr(Ipv4.inet(s.siaddr))
                .messageType(MessageType.of(s.type).orElseThrow());
        if (s.file != null && s.file.length() < 128) b.file(s.file);
        for (Map.Entry<Integer, byte[]> e : s.options.entrySet()) b.option(e.getKey(), e.getValue());
        return b.build();
    }

    private static int ip(Inet4Address a) {
        return a == null ? 0 : Ipv4.of(a);
    }
}
