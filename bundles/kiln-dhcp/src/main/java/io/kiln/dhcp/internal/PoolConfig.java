package io.kiln.dhcp.internal;

import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.Ipv4Network;
import io.kiln.api.net.Ipv4Range;
import java.util.List;

/**
 * One subnet Kiln serves in full mode: its dynamic range and the options every client on it gets.
 *
 * @param name         pool name from the configuration key (pool.NAME.*)
 * @param network      network address
 * @param prefix       prefix length
 * @param first        first address of the dynamic range
 * @param last         last address of the dynamic range
 * @param router       option 3, or 0 for none
 * @param dns          option 6 servers
 * @param domain       option 15, or null
 * @param leaseSeconds option 51
 * @param ntp          option 42 servers
 * @param relays       relay agents (giaddr) whose clients this pool serves even when their address is outside it
 */
record PoolConfig(String name, int network, int prefix, int first, int last, int router, List<Integer> dns, String domain,
                  int leaseSeconds, List<Integer> ntp, List<Integer> relays) {

    PoolConfig {
        dns = List.copyOf(dns);
        ntp = List.copyOf(ntp);
        relays = List.copyOf(relays);
    }

    /** A pool without NTP servers and relays. */
    PoolConfig(String name, int network, int prefix, int first, int last, int router, List<Integer> dns, String domain, int leaseSeconds) {
        this(name, network, prefix, first, last, router, dns, domain, leaseSeconds, List.of(), List.of());
    }

    boolean contains(int ip) {
        return (ip & Ipv4.mask(prefix)) == network;
    }

    boolean inRange(int ip) {
        return Integer.compareUnsigned(ip, first) >= 0 && Integer.compareUnsigned(ip, last) <= 0;
    }

    /** The range lies inside the subnet, FIRST &lt;= LAST, without the network and broadcast addresses. */
    boolean validRange() {
        Ipv4Range range = new Ipv4Range(new Ipv4Address(first), new Ipv4Address(last));
        return !range.isEmpty() && range.isInsideHostsOf(new Ipv4Network(new Ipv4Address(network), prefix));
    }

    int size() {
        return last - first + 1;
    }

    int broadcast() {
        return network | ~Ipv4.mask(prefix);
    }
}
