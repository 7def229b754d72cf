package io.kiln.dhcp.internal;

import io.kiln.api.dhcp.LeaseState;

/** A lease as the server keeps it: address as int, times as epoch seconds. */
record LeaseEntry(int ip, String mac, LeaseState state, long start, long expires, String pool, String hostName) {
    /** Characters a host name may not carry into the CSV journal (compiled once: this runs for every lease change). */
    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9._-]");

    /** Holds the address against everyone else: an offer not yet lapsed, a bound lease, or a quarantined decline. */
    boolean activeAt(long now) {
        return (state == LeaseState.OFFERED || state == LeaseState.BOUND || state == LeaseState.DECLINED) && expires > now;
    }

    String toLine() {
        return Ipv4.format(ip) + ',' + mac + ',' + state + ',' + start + ',' + expires + ',' + pool + ','
                + (hostName == null ? "" : UNSAFE.matcher(hostName).replaceAll("_"));
    }

    /** @throws IllegalArgumentException for a line that is not a lease */
    static LeaseEntry parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7) throw new IllegalArgumentException("expected 7 fields, got " + f.length);
        return new LeaseEntry(Ipv4.parse(f[0]), io.kiln.api.net.MacAddress.canonical(f[1]), LeaseState.valueOf(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]), f[5], f[6].isEmpty() ? null : f[6]);
    }
}
