package io.kiln.bench.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The DHCP client side of every node on one socket, as firmware and iPXE do it: broadcast from port 68, DISCOVER,
 * OFFER, REQUEST, ACK, told apart by transaction id and MAC. Retransmits like PXE firmware (4 s, then 8 s, then
 * 16 s), and starts over with a DISCOVER after a NAK or two REQUESTs without answer.
 */
final class Dhcp implements AutoCloseable {
    static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, ACK = 5, NAK = 6;
    private static final InetSocketAddress BROADCAST = new InetSocketAddress("255.255.255.255", 67);

    /** What an ACK said. */
    record Lease(InetAddress ip, InetAddress server, InetAddress nextServer, String file) {
    }

    /** One exchange of one node: firmware (PXE) or iPXE. */
    final class Exchange {
        final byte[] mac;
        final byte[] uuid;
        final boolean ipxe;
        final int arch;
        final Consumer<Lease> done;
        final Consumer<String> failed;
        final long deadline;
        volatile int xid;
        volatile int phase = DISCOVER;
        volatile int offered;
        volatile int server;
        volatile int sends;
        volatile ScheduledFuture<?> timer;
        volatile boolean over;

        Exchange(byte[] mac, byte[] uuid, boolean ipxe, int arch, long timeoutMs, Consumer<Lease> done, Consumer<String> failed) {
            this.mac = mac;
            this.uuid = uuid;
            this.ipxe = ipxe;
            this.arch = arch;
            this.done = done;
            this.failed = failed;
            this.deadline = System.currentTimeMillis() + timeoutMs;
        }
    }

    private final DatagramChannel channel;
    private final ScheduledExecutorService timers;
    private final Map<Integer, Exchange> open = new ConcurrentHashMap<>();
    private final Thread receiver;
    final LongAdder sent = new LongAdder(), received = new LongAdder(), retransmits = new LongAdder(), naks = new LongAdder();
    private volatile boolean closed;

    Dhcp(ScheduledExecutorService timers) throws IOException {
        this.timers = timers;
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(new InetSocketAddress("0.0.0.0", 68));
        receiver = new Thread(this::receive, "fleet-dhcp");
        receiver.setDaemon(true);
        receiver.start();
    }

    void start(Exchange e) {
        newTransaction(e);
        send(e);
    }

    Exchange exchange(byte[] mac, byte[] uuid, boolean ipxe, int arch, long timeoutMs, Consumer<Lease> done, Consumer<String> failed) {
        return new Exchange(mac, uuid, ipxe, arch, timeoutMs, done, failed);
    }

    private void newTransaction(Exchange e) {
        if (e.xid != 0) open.remove(e.xid);
        int xid;
        do {
            xid = ThreadLocalRandom.current().nextInt();
        } while (xid == 0 || open.putIfAbsent(xid, e) != null);
        e.xid = xid;
        e.phase = DISCOVER;
        e.sends = 0;
    }

    private void send(Exchange e) {
        if (e.over || closed) return;
        long now = System.currentTimeMillis();
        if (now > e.deadline) {
            finish(e);
            e.failed.accept((e.ipxe ? "dhcp (iPXE)" : "dhcp") + ": no " + (e.phase == DISCOVER ? "OFFER" : "ACK") + " in time");
            return;
        }
        if (e.sends > 0) retransmits.increment();
        e.sends++;
        try {
            channel.send(ByteBuffer.wrap(packet(e)), BROADCAST);
            sent.increment();
        } catch (IOException x) {
            // counted as a lost packet: the retransmission below sends it again
        }
        // PXE firmware: 4, 8, 16, 16... s; a REQUEST unanswered twice starts over
        long wait = Math.min(16_000, 4_000L << Math.min(2, e.sends - 1));
        e.timer = timers.schedule(() -> {
            if (e.over) return;
            if (e.phase == REQUEST && e.sends >= 2) newTransaction(e);
            send(e);
        }, wait, TimeUnit.MILLISECONDS);
    }

    private void finish(Exchange e) {
        e.over = true;
        open.remove(e.xid);
        ScheduledFuture<?> t = e.timer;
        if (t != null) t.cancel(false);
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                buf.clear();
                if (channel.receive(buf) == null) continue;
                buf.flip();
                received.increment();
                handle(buf);
            } catch (IOException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                // a packet we cannot read: not ours
            }
        }
    }

    private void handle(ByteBuffer b) {
        if (b.remaining() < 240 || b.get(0) != 2) return;
        int xid = b.getInt(4);
        Exchange e = open.get(xid);
        if (e == null) return;
        for (int i = 0; i < 6; i++) if (b.get(28 + i) != e.mac[i]) return;
        int yiaddr = b.getInt(16), siaddr = b.getInt(20);
        byte[] fileField = new byte[128];
        b.get(108, fileField);
        String file = cString(fileField);
        int type = 0, serverId = 0;
        String bootfile = null;
        if (b.getInt(236) != 0x63825363) return;
        int p = 240;
        while (p < b.limit()) {
            int code = b.get(p) & 0xff;
            if (code == 255) break;
            if (code == 0) {
                p++;
                continue;
            }
            int len = b.get(p + 1) & 0xff;
            int v = p + 2;
            if (code == 53) type = b.get(v) & 0xff;
            else if (code == 54 && len == 4) serverId = b.getInt(v);
            else if (code == 67) {
                byte[] s = new byte[len];
                b.get(v, s);
                bootfile = cString(s);
            }
            p = v + len;
        }
        if (bootfile == null || bootfile.isEmpty()) bootfile = file;
        synchronized (e) {
            if (e.over || xid != e.xid) return;
            if (type == OFFER && e.phase == DISCOVER) {
                e.offered = yiaddr;
                e.server = serverId;
                e.phase = REQUEST;
                e.sends = 0;
                ScheduledFuture<?> t = e.timer;
                if (t != null) t.cancel(false);
                send(e);
            } else if (type == ACK && e.phase == REQUEST) {
                finish(e);
                e.done.accept(new Lease(ip(yiaddr), ip(serverId), ip(siaddr), bootfile));
            } else if (type == NAK && e.phase == REQUEST) {
                naks.increment();
                ScheduledFuture<?> t = e.timer;
                if (t != null) t.cancel(false);
                newTransaction(e);
                send(e);
            }
        }
    }

    private static InetAddress ip(int v) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    /** A DISCOVER or REQUEST as EDK2's PXE (or iPXE, user class "iPXE") sends it. */
    private static byte[] packet(Exchange e) {
        ByteBuffer b = ByteBuffer.allocate(548);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0);
        b.putInt(e.xid);
        b.putShort((short) 0).putShort((short) 0x8000); // secs, broadcast flag
        b.putInt(0).putInt(0).putInt(0).putInt(0); // ciaddr yiaddr siaddr giaddr
        b.put(e.mac).put(new byte[10]).put(new byte[64]).put(new byte[128]);
        b.putInt(0x63825363);
        b.put((byte) 53).put((byte) 1).put((byte) e.phase);
        if (e.phase == REQUEST) {
            b.put((byte) 50).put((byte) 4).putInt(e.offered);
            b.put((byte) 54).put((byte) 4).putInt(e.server);
        }
        b.put((byte) 57).put((byte) 2).putShort((short) 1472);
        b.put((byte) 55).put((byte) 12).put(new byte[] {1, 3, 6, 12, 15, 17, 43, 60, 66, 67, (byte) 93, (byte) 97});
        b.put((byte) 93).put((byte) 2).putShort((short) e.arch);
        b.put((byte) 94).put((byte) 3).put(new byte[] {1, 3, e.ipxe ? (byte) 10 : (byte) 16});
        byte[] vc = String.format("PXEClient:Arch:%05d:UNDI:%s", e.arch, e.ipxe ? "002001" : "003016").getBytes(StandardCharsets.US_ASCII);
        b.put((byte) 60).put((byte) vc.length).put(vc);
        b.put((byte) 97).put((byte) 17).put((byte) 0).put(e.uuid);
        if (e.ipxe) {
            b.put((byte) 77).put((byte) 4).put("iPXE".getBytes(StandardCharsets.US_ASCII));
            b.put((byte) 61).put((byte) 7).put((byte) 1).put(e.mac);
            // option 175, iPXE's encapsulated options: a few feature flags (HTTP 0x13, EFI 0x24, bus id omitted)
            b.put((byte) 175).put((byte) 6).put(new byte[] {0x13, 1, 1, 0x24, 1, 1});
        }
        b.put((byte) 255);
        while (b.position() < 300) b.put((byte) 0);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    int open() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
