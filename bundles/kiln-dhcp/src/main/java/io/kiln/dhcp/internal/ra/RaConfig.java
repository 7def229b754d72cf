package io.kiln.dhcp.internal.ra;

import io.kiln.config.ConfigFile;

/**
 * The router-advertisement key of etc/io.kiln.dhcp.cfg, read in one place.
 *
 * @param enabled answer IPv6 router solicitations on the interfaces DHCP serves (default true); false where the
 *                network has a router of its own that advertises
 */
public record RaConfig(boolean enabled) {
    public static final String KEY = "routerAdvertisements";

    /** Reads the key (marking it known to {@code c}); a refused value is noted in {@code c} and yields the default. */
    public static RaConfig parse(ConfigFile c) {
        return new RaConfig(c.bool(KEY, true));
    }
}
