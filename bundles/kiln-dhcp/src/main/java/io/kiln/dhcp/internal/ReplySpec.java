package io.kiln.dhcp.internal;

import io.kiln.api.net.Ipv4Address;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reply the responder decided on, before encoding: message type, addresses, boot file and options in order.
 * Mutable while being built by the responder, then handed to the encoder and dropped.
 */
final class ReplySpec {
    int type;
    int yiaddr;
    int siaddr;
    String file;
    /** Options by code, in insertion order; 53 and 54 are written first by the bridge. */
    final Map<Integer, byte[]> options = new LinkedHashMap<>();

    ReplySpec(int type) {
        this.type = type;
    }

    ReplySpec option(int code, byte[] value) {
        options.put(code, value);
        return this;
    }

    ReplySpec ip(int code, int ip) {
        return option(code, Ipv4Address.toBytes(ip));
    }

    /** An option holding IPv4 addresses; left out when there are none. */
    ReplySpec ips(int code, java.util.List<Integer> addresses) {
        if (addresses.isEmpty()) return this;
        byte[] b = new byte[4 * addresses.size()];
        for (int i = 0; i < addresses.size(); i++) {
            int ip = addresses.get(i);
            b[4 * i] = (byte) (ip >>> 24);
            b[4 * i + 1] = (byte) (ip >>> 16);
            b[4 * i + 2] = (byte) (ip >>> 8);
            b[4 * i + 3] = (byte) ip;
        }
        return option(code, b);
    }

    ReplySpec u32(int code, long v) {
        return option(code, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    ReplySpec text(int code, String s) {
        return option(code, s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
