package io.kiln.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces the test creates, joined by a veth pair: Kiln runs in the server namespace, real clients
 * in the client namespace. Addresses are 10.213.N.0/24 inside these namespaces only; nothing leaves them.
 */
final class NetworkLab implements AutoCloseable {
    final String serverNs, clientNs, serverIf = "ks0", clientIf = "kc0";
    final String serverIp, clientIp, prefix;

    NetworkLab(String tag, int subnet) {
        this.serverNs = "kiln-" + tag + nsSuffix() + "-s";
        this.clientNs = "kiln-" + tag + nsSuffix() + "-c";
        this.prefix = "10.213." + subnet + ".";
        this.serverIp = prefix + "1";
        this.clientIp = prefix + "2";
        close(); // leftovers of an aborted earlier run
        Exec.must(10, "ip", "netns", "add", serverNs);
        Exec.must(10, "ip", "netns", "add", clientNs);
        Exec.must(10, "ip", "-n", serverNs, "link", "add", serverIf, "type", "veth", "peer", "name", clientIf, "netns", clientNs);
        Exec.must(10, "ip", "-n", serverNs, "addr", "add", serverIp + "/24", "dev", serverIf);
        Exec.must(10, "ip", "-n", clientNs, "addr", "add", clientIp + "/24", "dev", clientIf);
        for (String ns : List.of(serverNs, clientNs)) Exec.must(10, "ip", "-n", ns, "link", "set", "lo", "up");
        Exec.must(10, "ip", "-n", serverNs, "link", "set", serverIf, "up");
        Exec.must(10, "ip", "-n", clientNs, "link", "set", clientIf, "up");
    }

    /**
     * KILN_IT_NS_SUFFIX, appended to the namespaces' names, so that runs of the same test from several checkouts on
     * one machine do not delete each other's namespaces (each deletes leftovers of its own name on start).
     */
    static String nsSuffix() {
        String s = System.getenv("KILN_IT_NS_SUFFIX");
        return s == null || !s.matches("[A-Za-z0-9-]{1,12}") ? "" : "-" + s;
    }

    /** Runs a command inside the client namespace. */
    Exec.Result client(int timeoutSeconds, String... cmd) {
        return Exec.run(timeoutSeconds, null, inNs(clientNs, cmd));
    }

    /** Runs a command inside the server namespace. */
    Exec.Result server(int timeoutSeconds, String... cmd) {
        return Exec.run(timeoutSeconds, null, inNs(serverNs, cmd));
    }

    static List<String> inNs(String ns, String... cmd) {
        List<String> l = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        l.addAll(List.of(cmd));
        return l;
    }

    /** Gives the client NIC another MAC, so one veth plays several machines. */
    void clientMac(String mac) {
        Exec.must(10, "ip", "-n", clientNs, "link", "set", clientIf, "address", mac);
    }

    @Override
    public void close() {
        Exec.run(10, "ip", "netns", "del", serverNs);
        Exec.run(10, "ip", "netns", "del", clientNs);
    }
}
