package io.kiln.web.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Which client addresses may use the REST API: a list of CIDR blocks (IPv4 or IPv6); "*" allows everyone. */
final class ClientFilter {
    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = prefix / 8, rest = prefix % 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private final boolean any;

    /** @throws IllegalArgumentException whose message is the bad entry */
    ClientFilter(String spec) {
        boolean star = false;
        for (String s : spec.split(",")) {
            String e = s.trim();
            if (e.isEmpty()) continue;
            if (e.equals("*")) {
                star = true;
                continue;
            }
            String addr = e.contains("/") ? e.substring(0, e.indexOf('/')) : e;
            try {
                if (!addr.matches("[0-9a-fA-F:.]+")) throw new UnknownHostException(addr); // never resolve names
                byte[] net = InetAddress.getByName(addr).getAddress();
                int prefix = e.contains("/") ? Integer.parseInt(e.substring(e.indexOf('/') + 1)) : net.length * 8;
                if (prefix < 0 || prefix > net.length * 8) throw new NumberFormatException();
                blocks.add(new Block(net, prefix));
            } catch (UnknownHostException | NumberFormatException ex) {
                throw new IllegalArgumentException(e);
            }
        }
        this.any = star;
    }

    boolean allows(String remoteAddr) {
        if (any) return true;
        // Jetty gives an IPv6 peer in brackets ("[0:0:0:0:0:0:0:1]" for a browser on localhost)
        if (remoteAddr != null && remoteAddr.length() > 2 && remoteAddr.startsWith("[") && remoteAddr.endsWith("]")) {
            remoteAddr = remoteAddr.substring(1, remoteAddr.length() - 1);
        }
        if (remoteAddr == null || !remoteAddr.matches("[0-9a-fA-F:.]+")) return false;
        try {
            byte[] a = InetAddress.getByName(remoteAddr).getAddress();
            for (Block b : blocks) if (b.contains(a)) return true;
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }
}
