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
 */
public record DhcpStatus(String mode, List<String> listening, long received, long replied, long ignored, long malformed,
                         int leases) {

    public DhcpStatus {
        listening = listening == null ? List.of() : List.copyOf(listening);
    }
}
