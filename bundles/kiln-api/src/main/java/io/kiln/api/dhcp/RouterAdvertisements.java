package io.kiln.api.dhcp;

import java.util.List;

/**
 * The IPv6 router-advertisement responder that runs with the DHCP server: it answers router solicitations on the
 * interfaces DHCP serves with an advertisement that makes no one take Kiln as a router (router lifetime 0, no
 * prefix), so firmware such as iPXE stops waiting for IPv6 configuration at once.
 *
 * @param state         "off" (routerAdvertisements = false, or DHCP not serving), "on", or "degraded: why"
 * @param interfaces    the interfaces answered on, e.g. "br0"
 * @param solicitations router solicitations received
 * @param advertisements router advertisements sent
 */
public record RouterAdvertisements(String state, List<String> interfaces, long solicitations, long advertisements) {
    public RouterAdvertisements {
        state = state == null ? "off" : state;
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    /** Not answering solicitations (switched off, or the DHCP server is not serving). */
    public static RouterAdvertisements off() {
        return new RouterAdvertisements("off", List.of(), 0, 0);
    }
}
