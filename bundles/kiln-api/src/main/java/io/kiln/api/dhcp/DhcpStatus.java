package io.kiln.api.dhcp;

import java.util.List;
import java.util.Map;

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
 * @param refused     requests for an address not answered, by reason (no-pool, pool-exhausted, mac-rate,
 *                    interface-rate, relay-rate, inventory-unavailable); also counted in {@code ignored}
 * @param offersReused full mode: offered addresses handed to another client before they were requested (the pool
 *                    had no free address)
 * @param alerts      conditions that need an operator now, one line each: a pool nearly exhausted, another DHCP
 *                    server answering on the boot network
 */
public record DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed,
                         int leases, List<String> pools, Map<String, Long> refused, long offersReused, List<String> alerts) {

    public DhcpStatus {
        listening = listening == null ? List.of() : List.copyOf(listening);
        pools = pools == null ? List.of() : List.copyOf(pools);
        refused = refused == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(refused));
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** A status without refusals and alerts. */
    public DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed,
                      int leases, List<String> pools) {
        this(mode, listening, received, replied, ignored, malformed, leases, pools, Map.of(), 0, List.of());
    }

    /** A status without pools (proxy mode). */
    public DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed, int leases) {
        this(mode, listening, received, replied, ignored, malformed, leases, List.of());
    }
}
