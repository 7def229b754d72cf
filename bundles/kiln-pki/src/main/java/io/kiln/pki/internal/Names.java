package io.kiln.pki.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The server certificate's names: the machine's own, and one canonical form of a DNS name or IP address. */
final class Names {
    private static final Pattern DNS = Pattern.compile("(?=.{1,253}$)(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private Names() {
    }

    /** True when the (normalized) name is an IP address, not a DNS name. */
    static boolean isIp(String name) {
        return IPV4.matcher(name).matches() || name.contains(":");
    }

    /**
     * A DNS name in lower case, or an IP address as the JDK prints it (IPv6 in full, no scope), so names from the
     * configuration and from a certificate compare equal; null when it is neither.
     */
    static String normalize(String name) {
        if (name == null) return null;
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) n = n.substring(1, n.length() - 1);
        if (IPV4.matcher(n).matches() || (n.contains(":") && IPV6.matcher(n).matches())) {
            try {
                // a literal: no name lookup happens
                return InetAddress.getByAddress(InetAddress.getByName(n).getAddress()).getHostAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return DNS.matcher(n).matches() ? n : null;
    }

    /**
     * The machine's names at this moment: its host name, localhost, 127.0.0.1 and every non-loopback address of its
     * interfaces that are up (IPv6 link-local ones without their scope).
     */
    static List<String> machine() {
        Set<String> out = new LinkedHashSet<>();
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (normalize(host) != null) out.add(normalize(host));
        } catch (UnknownHostException e) {
            // a host name that does not resolve: the certificate carries the addresses
        }
        out.add("localhost");
        out.add("127.0.0.1");
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress()) continue;
                    out.add(a instanceof Inet6Address ? normalize(strip(a.getHostAddress())) : a.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // no interfaces to list: the names above
        }
        out.remove(null);
        return new ArrayList<>(out);
    }

    private static String strip(String v6) {
        int pct = v6.indexOf('%');
        return pct < 0 ? v6 : v6.substring(0, pct);
    }
}
