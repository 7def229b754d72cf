package io.kiln.api.inventory;

/**
 * A machine identified as a host, and by which of its identities.
 *
 * @param host  the host
 * @param key   the identity that matched
 * @param value the matched value (canonical MAC, lowercase UUID, serial as given)
 */
public record HostMatch(Host host, Key key, String value) {
    /** The identities, in the order {@link Inventory#identify} tries them. */
    public enum Key { MAC, UUID, SERIAL }

    public HostMatch {
        if (host == null || key == null || value == null) throw new IllegalArgumentException("host, key and value are required");
    }

    /** "MAC 52:54:00:12:34:56", "UUID ...", "serial ...". */
    public String describe() {
        return (key == Key.SERIAL ? "serial" : key.name()) + " " + value;
    }
}
