package io.kiln.dhcp.internal.codec;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A DHCP message to send, with its destination and the largest size the receiver accepts.
 *
 * @param message   the message
 * @param recipient where to send it (255.255.255.255:68, ciaddr:68, or giaddr:67)
 * @param maxLength the encoded size limit, see {@link DhcpCodec#maxReplyLength(DhcpMessage)}
 */
public record OutboundDhcp(DhcpMessage message, InetSocketAddress recipient, int maxLength) {
    public OutboundDhcp {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
    }

    /** A message limited to one Ethernet frame. */
    public OutboundDhcp(DhcpMessage message, InetSocketAddress recipient) {
        this(message, recipient, DhcpCodec.ETHERNET_MAX_PAYLOAD);
    }

    /** A reply limited to what {@code request}'s sender said it accepts (option 57). */
    public static OutboundDhcp replyTo(DhcpMessage request, DhcpMessage reply, InetSocketAddress recipient) {
        return new OutboundDhcp(reply, recipient, DhcpCodec.maxReplyLength(request));
    }
}
