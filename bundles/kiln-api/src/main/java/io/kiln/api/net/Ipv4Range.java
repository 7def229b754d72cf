package io.kiln.api.net;

import io.kiln.api.KilnException;
import java.util.Optional;

/**
 * An inclusive range of IPv4 addresses written {@code FIRST-LAST} ("10.7.0.100-10.7.0.199"), as DHCP pools are.
 *
 * <p>A range written backwards (FIRST above LAST) parses, holds no address and reports {@link #isEmpty()}, so the
 * caller refuses it with its own context ("FIRST must not be above LAST") next to its other checks.
 *
 * @param first first address
 * @param last  last address
 */
public record Ipv4Range(Ipv4Address first, Ipv4Address last) {

    public Ipv4Range {
        if (first == null || last == null) throw KilnException.invalid("IPv4 range needs a first and a last address");
    }

    /**
     * Parses {@code FIRST-LAST}: two strict dotted quads, spaces around either allowed.
     *
     * @throws KilnException INVALID naming the value
     */
    public static Ipv4Range parse(String range) {
        return tryParse(range).orElseThrow(() -> KilnException.invalid(
                "not an IPv4 range: '" + range + "' (expected FIRST-LAST like 10.7.0.100-10.7.0.199)"));
    }

    /** As {@link #parse(String)}, or empty when it would throw. */
    public static Optional<Ipv4Range> tryParse(String range) {
        if (range == null) return Optional.empty();
        int dash = range.indexOf('-');
        if (dash < 0) return Optional.empty();
        long first = Ipv4Address.bits(range.substring(0, dash).trim());
        long last = Ipv4Address.bits(range.substring(dash + 1).trim());
        if (first < 0 || last < 0) return Optional.empty();
        return Optional.of(new Ipv4Range(new Ipv4Address((int) first), new Ipv4Address((int) last)));
    }

    /** Whether {@code range} is {@code FIRST-LAST} (in either order; false for null). */
    public static boolean isValid(String range) {
        return tryParse(range).isPresent();
    }

    /** True when FIRST is above LAST: the range holds no address. */
    public boolean isEmpty() {
        return Integer.compareUnsigned(first.value(), last.value()) > 0;
    }

    /** Whether {@code ip} lies in the range. */
    public boolean contains(int ip) {
        return Integer.compareUnsigned(ip, first.value()) >= 0 && Integer.compareUnsigned(ip, last.value()) <= 0;
    }

    /** Whether {@code ip} lies in the range. */
    public boolean contains(Ipv4Address ip) {
        return contains(ip.value());
    }

    /** How many addresses the range holds (0 when empty). */
    public long size() {
        return isEmpty() ? 0 : Integer.toUnsignedLong(last.value()) - Integer.toUnsignedLong(first.value()) + 1;
    }

    /** Whether the two ranges share an address. */
    public boolean overlaps(Ipv4Range o) {
        return !isEmpty() && !o.isEmpty() && Integer.compareUnsigned(first.value(), o.last.value()) <= 0
                && Integer.compareUnsigned(o.first.value(), last.value()) <= 0;
    }

    /**
     * Whether both ends lie in {@code network} without being its network or broadcast address: what a DHCP pool
     * needs (the order of the ends is {@link #isEmpty()}'s business).
     */
    public boolean isInsideHostsOf(Ipv4Network network) {
        return network.contains(first) && network.contains(last) && !first.equals(network.address())
                && !last.equals(network.broadcast());
    }

    /** {@code FIRST-LAST}. */
    @Override
    public String toString() {
        return first + "-" + last;
    }
}
