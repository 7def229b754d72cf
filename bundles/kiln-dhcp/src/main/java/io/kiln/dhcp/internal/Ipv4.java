package io.kiln.dhcp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as unsigned ints: pools and leases compare and step through them cheaply. */
final class Ipv4 {
    private Ipv4() {
    }

    static int parse(String dotted) {
        String[] p = dotted.trim().split("\\.", -1);
        if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        int v = 0;
        for (String o : p) {
            int n;
            try {
                n = Integer.parseInt(o);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            if (n < 0 || n > 255 || o.isEmpty() || o.length() > 3) throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            v = (v << 8) | n;
        }
        return v;
    }

    static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    static int of(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static Inet4Address inet(int ip) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 bytes
        }
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Unsigned comparison: 10.x sorts before 192.x. */
    static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
