package io.kiln.dhcp.internal.ra;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The interfaces router solicitations are answered on: the ones DHCP serves. */
public final class RaInterfaces {
    private RaInterfaces() {
    }

    /**
     * @param dhcpInterfaces the DHCP server's {@code interfaces}; empty (one wildcard socket) means every interface
     *                       that is up, not loopback or point-to-point, multicast-capable and has a MAC address now
     */
    public static List<String> of(List<String> dhcpInterfaces) {
        if (!dhcpInterfaces.isEmpty()) return dhcpInterfaces;
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback() && !ni.isPointToPoint() && ni.supportsMulticast() && ni.getHardwareAddress() != null) {
                    out.add(ni.getName());
                }
            }
        } catch (SocketException e) {
            // nothing to list: nothing answered, which the status shows as no interfaces
        }
        Collections.sort(out);
        return out;
    }
}
