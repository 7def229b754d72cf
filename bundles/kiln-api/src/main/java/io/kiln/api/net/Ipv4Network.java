package io.kiln.api.net;

import io.kiln.api.KilnException;
import java.util.Optional;

/**
 * An IPv4 network in CIDR notation, {@code ADDRESS/PREFIX} with a prefix length 0-32, whose address has no host bits
 * set ("10.20.0.0/24").
 *
 * <p>Host bits: {@link #parse(String)} refuses "10.20.0.5/24" and its message names the network meant
 * (10.20.0.0/24); {@link #parseNormalised(String)} clears them, as Kiln has always done with subnets, machine
 * networks and pool configuration. A caller that wants to normalise and say so compares the input with the
 * normalised network's {@link #toString()} (or calls {@link #hasHostBits(String)}).
 *
 * @param address the network address (host bits clear)
 * @param prefix  prefix length, 0-32
 */
public record Ipv4Network(Ipv4Address address, int prefix) {

    /**
     * @throws KilnException INVALID when the prefix is not 0-32 or the address has host bits set
     */
    public Ipv4Network {
        if (address == null) throw KilnException.invalid("IPv4 network address is missing");
        if (prefix < 0 || prefix > 32) throw KilnException.invalid("IPv4 prefix length " + prefix + " is not 0-32");
        if ((address.value() & ~mask(prefix)) != 0) {
            throw KilnException.invalid("'" + address + "/" + prefix + "' has host bits set: the network is "
                    + Ipv4Address.format(address.value() & mask(prefix)) + "/" + prefix);
        }
    }

    /** The network of {@code prefix} bits that holds {@code address} (host bits cleared). */
    public static Ipv4Network containing(Ipv4Address address, int prefix) {
        if (prefix < 0 || prefix > 32) throw KilnException.invalid("IPv4 prefix length " + prefix + " is not 0-32");
        return new Ipv4Network(new Ipv4Address(address.value() & mask(prefix)), prefix);
    }

    /**
     * Parses strict CIDR and refuses host bits, naming the network meant.
     *
     * @throws KilnException INVALID naming the value
     */
    public static Ipv4Network parse(String cidr) {
        Ipv4Network n = parseNormalised(cidr);
        if (hasHostBits(cidr)) {
            throw KilnException.invalid("'" + cidr + "' has host bits set: the network is " + n);
        }
        return n;
    }

    /**
     * Parses strict CIDR syntax and clears host bits: "10.20.0.5/24" is 10.20.0.0/24.
     *
     * @throws KilnException INVALID naming the value
     */
    public static Ipv4Network parseNormalised(String cidr) {
        return tryParseNormalised(cidr).orElseThrow(() -> KilnException.invalid(
                "not an IPv4 network: '" + cidr + "' (expected ADDRESS/PREFIX like 10.20.0.0/24, prefix 0-32)"));
    }

    /** As {@link #parse(String)}, or empty when it would throw. */
    public static Optional<Ipv4Network> tryParse(String cidr) {
        return hasHostBits(cidr) ? Optional.empty() : tryParseNormalised(cidr);
    }

    /** As {@link #parseNormalised(String)}, or empty when it would throw. */
    public static Optional<Ipv4Network> tryParseNormalised(String cidr) {
        if (cidr == null) return Optional.empty();
        int slash = cidr.indexOf('/');
        if (slash < 0) return Optional.empty();
        long bits = Ipv4Address.bits(cidr.substring(0, slash));
        int prefix = prefix(cidr, slash + 1);
        if (bits < 0 || prefix < 0) return Optional.empty();
        return Optional.of(containing(new Ipv4Address((int) bits), prefix));
    }

    /** Whether {@code cidr} is strict CIDR without host bits set (false for null). */
    public static boolean isValid(String cidr) {
        return tryParse(cidr).isPresent();
    }

    /** Whether {@code cidr} is valid CIDR syntax whose address has host bits set ("10.20.0.5/24"). */
    public static boolean hasHostBits(String cidr) {
        return tryParseNormalised(cidr).filter(n -> !n.toString().equals(cidr)).isPresent();
    }

    /** The netmask bits of a prefix length 0-32: 24 is {@code 0xffffff00}. */
    public static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The netmask, 255.255.255.0 for /24. */
    public Ipv4Address netmask() {
        return new Ipv4Address(mask(prefix));
    }

    /** The last address of the network (all host bits set). */
    public Ipv4Address broadcast() {
        return new Ipv4Address(address.value() | ~mask(prefix));
    }

    /** Whether {@code ip} lies in this network. */
    public boolean contains(int ip) {
        return (ip & mask(prefix)) == address.value();
    }

    /** Whether {@code ip} lies in this network. */
    public boolean contains(Ipv4Address ip) {
        return contains(ip.value());
    }

    /** How many addresses the network spans, network and broadcast included (2^(32-prefix)). */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** {@code ADDRESS/PREFIX}. */
    @Override
    public String toString() {
        return address + "/" + prefix;
    }

    /** A prefix length 0-32 without sign or leading zero from {@code from} to the end of {@code s}, or -1. */
    private static int prefix(String s, int from) {
        int digits = s.length() - from;
        if (digits < 1 || digits > 2 || (digits == 2 && s.charAt(from) == '0')) return -1;
        int p = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            p = p * 10 + (c - '0');
        }
        return p <= 32 ? p : -1;
    }
}
