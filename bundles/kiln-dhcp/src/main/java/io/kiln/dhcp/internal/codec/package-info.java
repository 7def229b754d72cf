/**
 * DHCPv4 wire format: the immutable message model ({@link io.kiln.dhcp.internal.codec.DhcpMessage},
 * {@link io.kiln.dhcp.internal.codec.DhcpOptions}), the byte codec ({@link io.kiln.dhcp.internal.codec.DhcpCodec})
 * and the Netty datagram framing ({@link io.kiln.dhcp.internal.codec.DhcpDatagramDecoder},
 * {@link io.kiln.dhcp.internal.codec.DhcpDatagramEncoder}), kept apart as in Netty's codec-dns.
 *
 * <p>Nothing here knows about hosts, leases or boot policy: the server in {@code io.kiln.dhcp.internal}
 * decides, this package only reads and writes packets.
 */
package io.kiln.dhcp.internal.codec;
