package io.kiln.dhcp.internal.ra;

import io.kiln.api.dhcp.RouterAdvertisements;
import io.kiln.api.status.Health;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers IPv6 router solicitations on the interfaces DHCP serves, so that firmware which configures IPv6 while it
 * boots (iPXE waits ~13 s for an answer) goes on at once. The answer makes no one take Kiln as a router (see
 * {@link NdpCodec#routerAdvertisement}). A solicitation from a link-local address is answered to that address at once,
 * as dnsmasq does; one from {@code ::} by a multicast to all nodes, at most one every 3 s per interface (RFC 4861
 * 6.2.6), later ones coalesced into the next.
 *
 * <p>One thread per interface receives and answers. A socket that cannot be opened (no CAP_NET_RAW, no IPv6 on the
 * interface) or fails is reported in {@link #status()} and {@link #health()} and tried again every
 * {@value #RETRY_MILLIS} ms; DHCP goes on either way.
 */
public final class RouterAdvertiser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterAdvertiser.class);
    static final long RETRY_MILLIS = 5000, MULTICAST_INTERVAL_MILLIS = 3000;
    /** At most this many unicast answers per second and interface: a solicitation flood is not echoed at line rate. */
    static final int UNICAST_PER_SECOND = 100;

    private final List<String> interfaces;
    private final Supplier<LibC> libc;
    private final LongAdder solicitations = new LongAdder(), advertisements = new LongAdder(), malformed = new LongAdder();
    /** Interface -> why it is not answering now; absent when it is. */
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /**
     * @param interfaces the interfaces to answer on
     * @param libc       the C library, loaded when the first socket opens (a failure to load is a problem reported)
     */
    RouterAdvertiser(List<String> interfaces, Supplier<LibC> libc) {
        this.interfaces = List.copyOf(interfaces);
        this.libc = libc;
    }

    /** Starts answering on {@code interfaces} (the JNA C library loaded once, on the first socket). */
    public static RouterAdvertiser start(List<String> interfaces) {
        Supplier<LibC> lib = new Supplier<>() {
            private LibC loaded;

            @Override
            public synchronized LibC get() {
                if (loaded == null) loaded = LibC.load();
                return loaded;
            }
        };
        return new RouterAdvertiser(interfaces, lib).begin();
    }

    /** One thread per interface. */
    RouterAdvertiser begin() {
        for (String iface : interfaces) {
            Thread t = new Thread(() -> serve(iface), "kiln-ra-" + iface);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void serve(String iface) {
        Icmp6Socket socket = null;
        byte[] advertisement = null;
        long lastMulticast = 0, windowStart = 0;
        int inWindow = 0;
        boolean multicastPending = false;
        String lastLogged = null;
        try {
            while (!stopped) {
                if (socket == null) {
                    try {
                        socket = new Icmp6Socket(libc.get(), iface);
                        advertisement = NdpCodec.routerAdvertisement(macOf(iface));
                        problems.remove(iface);
                        LOG.info("Kiln answers IPv6 router solicitations on {} (router lifetime 0, no prefix)", iface);
                        lastLogged = null;
                    } catch (IOException | RuntimeException | LinkageError e) {
                        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        problems.put(iface, why);
                        if (!why.equals(lastLogged)) {
                            LOG.warn("Kiln cannot answer IPv6 router solicitations on {}: {}. iPXE then waits ~13 s for IPv6 at each boot; "
                                    + "Kiln needs CAP_NET_RAW (or set routerAdvertisements = false in etc/io.kiln.dhcp.cfg). Retrying every {} s.",
                                    iface, why, RETRY_MILLIS / 1000);
                            lastLogged = why;
                        }
                        pause(RETRY_MILLIS);
                        continue;
                    }
                }
                try {
                    long now = System.currentTimeMillis();
                    long wait = multicastPending ? Math.max(1, lastMulticast + MULTICAST_INTERVAL_MILLIS - now) : 500;
                    Icmp6Socket.Received in = socket.receive((int) Math.min(500, wait));
                    now = System.currentTimeMillis();
                    if (in != null && !fromThisHost(iface, in.source())) {
                        try {
                            NdpCodec.parseSolicitation(in.message(), in.length(), in.hopLimit(), in.sourceUnspecified());
                            solicitations.increment();
                            if (in.sourceUnspecified()) {
                                multicastPending = true;
                            } else {
                                if (now - windowStart >= 1000) {
                                    windowStart = now;
                                    inWindow = 0;
                                }
                                if (inWindow++ < UNICAST_PER_SECOND) {
                                    socket.send(advertisement, in.source());
                                    advertisements.increment();
                                }
                            }
                        } catch (MalformedNdpException e) {
                            malformed.increment();
                            LOG.debug("ignored an ICMPv6 message on {}: {}", iface, e.getMessage());
                        }
                    }
                    if (multicastPending && now - lastMulticast >= MULTICAST_INTERVAL_MILLIS) {
                        socket.sendToAllNodes(advertisement);
                        advertisements.increment();
                        lastMulticast = now;
                        multicastPending = false;
                    }
                } catch (IOException | RuntimeException e) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    problems.put(iface, why);
                    LOG.warn("IPv6 router advertisements on {}: {}; reopening in {} s", iface, why, RETRY_MILLIS / 1000);
                    lastLogged = why;
                    socket.close();
                    socket = null;
                    pause(RETRY_MILLIS);
                }
            }
        } finally {
            // closed by the thread that polls it: no other thread closes an fd under a poll
            if (socket != null) socket.close();
        }
    }

    /** This host's own solicitations (its kernel's, looped back) are not answered nor counted. */
    private static boolean fromThisHost(String iface, byte[] source) throws IOException {
        java.net.NetworkInterface ni = java.net.NetworkInterface.getByName(iface);
        if (ni == null) return false;
        for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
            if (java.util.Arrays.equals(a.getAddress(), source)) return true;
        }
        return false;
    }

    private static byte[] macOf(String iface) throws IOException {
        java.net.NetworkInterface ni = java.net.NetworkInterface.getByName(iface);
        byte[] mac = ni == null ? null : ni.getHardwareAddress();
        return mac != null && mac.length == 6 ? mac : null;
    }

    private void pause(long millis) {
        long until = System.currentTimeMillis() + millis;
        while (!stopped && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What operators see in kiln:dhcp-status and GET /api/v1/dhcp/status. */
    public RouterAdvertisements status() {
        return new RouterAdvertisements(problems.isEmpty() ? "on" : "degraded: " + problemText(), interfaces, solicitations.sum(),
                advertisements.sum());
    }

    /** Degraded while an interface is not answered; DHCP itself is not affected. */
    public Health health() {
        return problems.isEmpty() ? Health.up() : Health.degraded("IPv6 router advertisements: " + problemText());
    }

    private String problemText() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(problems).forEach((iface, why) -> out.add(iface + ": " + why));
        return String.join("; ", out);
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
