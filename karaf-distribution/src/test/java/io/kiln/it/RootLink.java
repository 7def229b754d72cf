package io.kiln.it;

/**
 * A network namespace of the test's own, joined to this machine's root namespace by a veth pair, so that a program
 * that cannot run inside a namespace (a browser driven by its driver over loopback) reaches Kiln there. Addresses
 * are 10.212.N.1 (root side) and 10.212.N.2 (Kiln's side), on the pair only; nothing is routed anywhere else. N is
 * 77 for the default namespace suffix and another number for each KILN_IT_NS_SUFFIX: two runs side by side must not
 * put the same address on two interfaces of the root namespace (the second would take the first one's route).
 */
final class RootLink implements AutoCloseable {
    static final String ROOT_IP = "10.212." + octet() + ".1", NS_IP = "10.212." + octet() + ".2";
    final String ns;
    private final String rootIf;

    RootLink(String tag) {
        this.ns = "kiln-" + tag + NetworkLab.nsSuffix() + "-s";
        // interface names have at most 15 characters
        String suffix = NetworkLab.nsSuffix().replace("-", "");
        this.rootIf = ("kr" + tag + suffix).substring(0, Math.min(15, 2 + tag.length() + suffix.length()));
        close(); // leftovers of an aborted earlier run
        Exec.must(10, "ip", "netns", "add", ns);
        Exec.must(10, "ip", "link", "add", rootIf, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Exec.must(10, "ip", "addr", "add", ROOT_IP + "/30", "dev", rootIf);
        Exec.must(10, "ip", "-n", ns, "addr", "add", NS_IP + "/30", "dev", "eth0");
        Exec.must(10, "ip", "link", "set", rootIf, "up");
        Exec.must(10, "ip", "-n", ns, "link", "set", "eth0", "up");
        Exec.must(10, "ip", "-n", ns, "link", "set", "lo", "up");
    }

    private static int octet() {
        String suffix = NetworkLab.nsSuffix();
        return suffix.isEmpty() ? 77 : 100 + Math.floorMod(suffix.hashCode(), 150);
    }

    @Override
    public void close() {
        Exec.run(10, "ip", "link", "del", rootIf);
        Exec.run(10, "ip", "netns", "del", ns);
    }
}
