package io.kiln.dhcp.internal;

import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Network;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * IPv4 addresses as unsigned ints: pools and leases compare and step through them cheaply. Parsing and printing are
 * {@link Ipv4Address}'s and {@link Ipv4Network}'s int helpers; this adapter only keeps the server's short names.
 */
final class Ipv4 {
    private Ipv4() {
    }

    /** A strict dotted quad, spaces around it allowed (configuration lists such as "10.0.0.1, 10.0.0.2"). */
    static int parse(String dotted) {
        return Ipv4Address.toInt(dotted == null ? null : dotted.trim());
    }

    static String format(int ip) {
        return Ipv4Address.format(ip);
    }

    static int of(InetAddress a) {
        return Ipv4Address.toInt(a.getAddress());
    }

    static Inet4Address inet(int ip) {
        return new Ipv4Address(ip).toInetAddress();
    }

    static int mask(int prefix) {
        return Ipv4Network.mask(prefix);
    }
}
