package io.kiln.dhcp.internal.ra;

import java.util.Optional;

/**
 * Router solicitations in, router advertisements out: the two ICMPv6 Neighbor Discovery messages of RFC 4861 (4.1,
 * 4.2) that Kiln handles, as the bytes after the IPv6 header. Pure: no sockets, no clock. The kernel fills in and
 * checks the ICMPv6 checksum on raw ICMPv6 sockets, so it is left zero here and not checked.
 */
public final class NdpCodec {
    static final int ROUTER_SOLICITATION = 133, ROUTER_ADVERTISEMENT = 134;
    static final int OPTION_SOURCE_LINK_LAYER = 1;
    /** RFC 4861 6.1.1: a solicitation from off-link (hop limit below 255) is not one. */
    static final int NDP_HOP_LIMIT = 255;

    private NdpCodec() {
    }

    /**
     * A received router solicitation, validated as RFC 4861 6.1.1 asks of a router.
     *
     * @param message            the ICMPv6 message (type onwards)
     * @param length             how many bytes of {@code message} were received
     * @param hopLimit           the IPv6 hop limit it arrived with
     * @param sourceUnspecified  whether it came from {@code ::} (a host without an address yet)
     * @throws MalformedNdpException when it is not a valid router solicitation, with the reason
     */
    public static RouterSolicitation parseSolicitation(byte[] message, int length, int hopLimit, boolean sourceUnspecified)
            throws MalformedNdpException {
        if (length < 8 || length > message.length) throw new MalformedNdpException("shorter than 8 bytes (" + length + ")");
        if ((message[0] & 0xff) != ROUTER_SOLICITATION) throw new MalformedNdpException("ICMPv6 type " + (message[0] & 0xff) + ", not 133");
        if (message[1] != 0) throw new MalformedNdpException("code " + (message[1] & 0xff) + ", not 0");
        if (hopLimit != NDP_HOP_LIMIT) throw new MalformedNdpException("hop limit " + hopLimit + ", not 255 (not from this link)");
        byte[] linkLayer = null;
        int at = 8; // type, code, checksum, 4 reserved bytes
        while (at < length) {
            if (length - at < 2) throw new MalformedNdpException("truncated option at byte " + at);
            int type = message[at] & 0xff, units = message[at + 1] & 0xff;
            if (units == 0) throw new MalformedNdpException("option " + type + " at byte " + at + " has length 0");
            int end = at + units * 8;
            if (end > length) throw new MalformedNdpException("option " + type + " at byte " + at + " runs past the end (" + length + " bytes)");
            if (type == OPTION_SOURCE_LINK_LAYER && linkLayer == null) {
                linkLayer = java.util.Arrays.copyOfRange(message, at + 2, end);
            }
            at = end;
        }
        if (sourceUnspecified && linkLayer != null) {
            throw new MalformedNdpException("source link-layer address option from the unspecified address");
        }
        return new RouterSolicitation(Optional.ofNullable(linkLayer));
    }

    /**
     * The advertisement Kiln answers with: no one is to take it as a router (router lifetime 0), no prefix to
     * configure an address from, no DHCPv6 (M = O = 0), hop limit, reachable time and retransmission timer left to
     * the host (0); only Kiln's link-layer address, so hosts need no neighbour solicitation to reach it.
     *
     * @param linkLayerAddress the sending interface's MAC address (6 bytes), or null to leave the option out
     */
    public static byte[] routerAdvertisement(byte[] linkLayerAddress) {
        int optionBytes = linkLayerAddress == null ? 0 : (linkLayerAddress.length + 2 + 7) / 8 * 8;
        byte[] out = new byte[16 + optionBytes];
        out[0] = (byte) ROUTER_ADVERTISEMENT;
        // out[1] code 0; out[2..3] checksum (the kernel's); out[4] cur hop limit 0; out[5] flags M=O=0;
        // out[6..7] router lifetime 0; out[8..11] reachable time 0; out[12..15] retrans timer 0
        if (linkLayerAddress != null) {
            out[16] = (byte) OPTION_SOURCE_LINK_LAYER;
            out[17] = (byte) (optionBytes / 8);
            System.arraycopy(linkLayerAddress, 0, out, 18, linkLayerAddress.length);
        }
        return out;
    }
}
