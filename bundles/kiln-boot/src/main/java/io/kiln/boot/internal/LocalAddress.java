package io.kiln.boot.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds an address of this machine to put into URLs when neither configuration nor the request names one. */
final class LocalAddress {

    private LocalAddress() {
    }

    /**
     * The first non-loopback, non-link-local IPv4 address of an interface that is up, in interface index order; else
     * of one that has no carrier yet (a bridge whose machines are not plugged in: Java calls it down, but DHCP
     * requests will arrive there and be answered with it).
     */
    static Optional<String> firstNonLoopbackIpv4() {
        Optional<String> running = first(true);
        return running.isPresent() ? running : first(false);
    }

    private static Optional<String> first(boolean runningOnly) {
        try {
            List<NetworkInterface> nics = NetworkInterface.networkInterfaces()
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex)).toList();
            for (NetworkInterface nic : nics) {
                if ((runningOnly && !nic.isUp()) || nic.isLoopback()) continue;
                for (InetAddress a : nic.inetAddresses().toList()) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to ask: the caller reports that no address is known
        }
        return Optional.empty();
    }
}
