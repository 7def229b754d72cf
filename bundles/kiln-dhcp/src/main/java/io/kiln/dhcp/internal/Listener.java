package io.kiln.dhcp.internal;

/**
 * Where a request came in: the interface (null for the wildcard socket), Kiln's address and netmask on it,
 * and the port (67, or the PXE boot-server port 4011).
 *
 * @param iface   interface name, or null
 * @param address Kiln's IPv4 address there (server identifier, next-server), or 0 when unknown
 * @param prefix  prefix length of that address
 * @param port    local UDP port
 */
record Listener(String iface, int address, int prefix, int port) {

    boolean isBootServerPort(int proxyPort) {
        return port == proxyPort && proxyPort != 67;
    }

    String describe() {
        return "0.0.0.0:" + port + (iface == null ? "" : " on " + iface) + (address == 0 ? "" : " (" + Ipv4.format(address) + ")");
    }
}
