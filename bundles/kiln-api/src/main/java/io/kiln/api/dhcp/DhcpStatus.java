package io.kiln.api.dhcp;

import java.util.List;

/**
 * What the DHCP server is doing right now, for operators.
 *
 * @param mode      "proxy" or "full", or "disabled"
 * @param listening the sockets it serves, e.g. "0.0.0.0:67 on br0"
 * @param received  datagrams received
 * @param replied   replies sent
 * @param ignored   valid requests deliberately not answered (policy)
 * @param malformed datagrams dropped as malformed
 * @param leases    leases currently held (full mode)
 * @param pools     full mode: each pool served, where it comes from and how full it is, e.g.
 *                  "shop-7/10.7.0.100-10.7.0.199 on 10.7.0.0/24 (site shop-7): 3 of 100 in use"
 * @param routerAdvertisements the IPv6 router-advertisement responder next to the server
 */
public record DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed,
                         int leases, List<String> pools, RouterAdvertisements routerAdvertisements) {

    public DhcpStatus {
        listening = listening == null ? List.of() : List.copyOf(listening);
        pools = pools == null ? List.of() : List.copyOf(pools);
        routerAdvertisements = routerAdvertisements == null ? RouterAdvertisements.off() : routerAdvertisements;
    }

    /** A status without the router-advertisement responder. */
    public DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed, int leases,
                      List<String> pools) {
        this(mode, listening, received, replied, ignored, malformed, leases, pools, null);
    }

    /** A status without pools (proxy mode). */
    public DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed, int leases) {
        this(mode, listening, received, replied, ignored, malformed, leases, List.of(), null);
    }
}
