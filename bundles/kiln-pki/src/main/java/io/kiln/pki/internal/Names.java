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
     * A DNS name in lower case, or an IP address in its canonical text (IPv6 as RFC 5952 writes it, without a scope),
     * so names from the configuration and from a certificate compare equal; null when it is neither.
     */
    static String normalize(String name) {
        if (name == null) return null;
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) n = n.substring(1, n.length() - 1);
        if (IPV4.matcher(n).matches() || (n.contains(":") && IPV6.matcher(n).matches())) {
            try {
                // a literal: no name lookup happens
                InetAddress a = InetAddress.getByAddress(InetAddress.getByName(n).getAddress());
                return a instanceof Inet6Address ? rfc5952(a.getAddress()) : a.getHostAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return DNS.matcher(n).matches() ? n : null;
    }

    /**
     * The machine's names at this moment: its host name, localhost, 127.0.0.1 and every non-loopback address of its
     * interfaces, with or without carrier (IPv6 link-local ones without their scope).
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
                // not isUp(): Java calls an interface without carrier down, and a bridge whose booting machines are not
                // plugged in yet has none; its address must be in the certificate before they boot (UEFI HTTPS boot checks it)
                if (ni.isLoopback()) continue;
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

    /** IPv6 in RFC 5952's form: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    static String rfc5952(byte[] v6) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((v6[2 * i] & 0xff) << 8) | (v6[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static String strip(String v6) {
        int pct = v6.indexOf('%');
        return pct < 0 ? v6 : v6.substring(0, pct);
    }
}
