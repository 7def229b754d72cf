package io.kiln.api.net;

import io.kiln.api.KilnException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 address, held as its 32 bits (an int read unsigned), written as a strict dotted quad: four decimal octets
 * 0-255 without leading zeros, signs or spaces ("10.0.0.1", not "010.0.0.1" or " 10.0.0.1").
 *
 * <p>The static int helpers ({@link #toInt(String)}, {@link #format(int)}, {@link #toBytes(int)}) parse and print
 * without building a value, for code that keeps addresses as ints (the DHCP server's pools and leases).
 *
 * @param value the address bits, most significant octet first ({@code 10.0.0.1} is {@code 0x0a000001})
 */
public record Ipv4Address(int value) implements Comparable<Ipv4Address> {

    /** 0.0.0.0. */
    public static final Ipv4Address ANY = new Ipv4Address(0);

    /**
     * Parses a strict dotted quad.
     *
     * @throws KilnException INVALID naming the value
     */
    public static Ipv4Address parse(String dotted) {
        return new Ipv4Address(toInt(dotted));
    }

    /** The address, or empty when {@code dotted} is null or not a strict dotted quad. */
    public static Optional<Ipv4Address> tryParse(String dotted) {
        long bits = bits(dotted);
        return bits < 0 ? Optional.empty() : Optional.of(new Ipv4Address((int) bits));
    }

    /** Whether {@code dotted} is a strict dotted quad (false for null). */
    public static boolean isValid(String dotted) {
        return bits(dotted) >= 0;
    }

    /**
     * Parses a strict dotted quad to its bits without allocating.
     *
     * @throws KilnException INVALID naming the value
     */
    public static int toInt(String dotted) {
        long bits = bits(dotted);
        if (bits < 0) throw KilnException.invalid("not an IPv4 address: '" + dotted + "'");
        return (int) bits;
    }

    /** The dotted quad of {@code ip}. */
    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /**
     * The address in 4 network-order bytes.
     *
     * @throws KilnException INVALID when there are not exactly 4 bytes
     */
    public static int toInt(byte[] bytes) {
        if (bytes == null || bytes.length != 4) {
            throw KilnException.invalid("not an IPv4 address: " + (bytes == null ? "no bytes" : bytes.length + " bytes, expected 4"));
        }
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }

    /** {@code ip} as 4 network-order bytes. */
    public static byte[] toBytes(int ip) {
        return new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    }

    /** The address of 4 network-order bytes (an {@link Inet4Address#getAddress()}). */
    public static Ipv4Address of(byte[] bytes) {
        return new Ipv4Address(toInt(bytes));
    }

    /** This address as 4 network-order bytes. */
    public byte[] toBytes() {
        return toBytes(value);
    }

    /** This address as a {@link java.net} address (no name lookup). */
    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes(value));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 bytes
        }
    }

    /** Unsigned order: 10.x sorts before 192.x. */
    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(value, o.value);
    }

    /** The canonical dotted quad. */
    @Override
    public String toString() {
        return format(value);
    }

    /** The bits of a strict dotted quad, or -1: a hand loop, no regex or split (the DHCP server parses per packet). */
    static long bits(String s) {
        if (s == null) return -1;
        int n = s.length();
        if (n < 7 || n > 15) return -1;
        long v = 0;
        int octets = 0, i = 0;
        while (true) {
            int start = i, octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) return -1;
            v = (v << 8) | octet;
            octets++;
            if (i == n) return octets == 4 ? v : -1;
            if (s.charAt(i) != '.' || octets == 4) return -1;
            i++;
        }
    }
}
