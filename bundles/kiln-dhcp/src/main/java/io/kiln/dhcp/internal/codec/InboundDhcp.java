package io.kiln.dhcp.internal.codec;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A decoded DHCP message with the addresses of the datagram that carried it.
 *
 * @param message   the message
 * @param sender    where it came from (0.0.0.0:68 for a client without an address, giaddr:67 for a relay)
 * @param recipient the local address it arrived at (the socket's; 0.0.0.0:67 on a wildcard socket)
 */
public record InboundDhcp(DhcpMessage message, InetSocketAddress sender, InetSocketAddress recipient) {
    public InboundDhcp {
        Objects.requireNonNull(message, "message");
    }
}
