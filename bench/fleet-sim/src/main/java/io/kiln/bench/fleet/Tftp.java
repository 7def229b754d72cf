package io.kiln.bench.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An RFC 1350 read with the blksize and tsize options (RFC 2348/2349) and, when asked, windowsize (RFC 7440), from
 * the node's own address: what PXE firmware does to fetch the loader the DHCP answer names. Blocking, on the
 * simulator's TFTP pool (a transfer takes tens of milliseconds). The size read is checked against tsize.
 */
final class Tftp {
    private static final int RETRIES = 5;

    record Result(long bytes, int blocks, int timeouts) {
    }

    private Tftp() {
    }

    static Result read(InetAddress local, InetAddress server, String file, int blksize, int window, int timeoutMs) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0))) {
            s.setSoTimeout(timeoutMs);
            s.setReceiveBufferSize(1 << 20);
            byte[] rrq = rrq(file, blksize, window);
            InetSocketAddress to = new InetSocketAddress(server, 69);
            s.send(new DatagramPacket(rrq, rrq.length, to));
            byte[] buf = new byte[Math.max(blksize, 512) + 4];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            InetSocketAddress peer = null;
            int size = 512, win = 1, expected = 1, timeouts = 0, tries = 0, inWindow = 0;
            long tsize = -1, total = 0;
            byte[] lastAck = null;
            while (true) {
                try {
                    s.receive(in);
                } catch (SocketTimeoutException e) {
                    timeouts++;
                    if (++tries > RETRIES) throw new IOException("tftp: no answer after " + RETRIES + " retries (block " + expected + ")");
                    if (lastAck == null) s.send(new DatagramPacket(rrq, rrq.length, to));
                    else s.send(new DatagramPacket(lastAck, lastAck.length, peer));
                    inWindow = 0;
                    continue;
                }
                InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                if (peer == null) peer = from;
                else if (!peer.equals(from)) continue; // another transfer's packet (RFC 1350: unknown TID)
                ByteBuffer b = ByteBuffer.wrap(in.getData(), 0, in.getLength());
                int op = b.getShort() & 0xffff;
                if (op == 5) {
                    int code = b.getShort() & 0xffff;
                    throw new IOException("tftp: error " + code + " from the server: " + text(b));
                }
                if (op == 6) { // OACK
                    Map<String, String> o = options(b);
                    if (o.containsKey("blksize")) size = Integer.parseInt(o.get("blksize"));
                    if (o.containsKey("windowsize")) win = Integer.parseInt(o.get("windowsize"));
                    if (o.containsKey("tsize")) tsize = Long.parseLong(o.get("tsize"));
                    lastAck = ack(0);
                    s.send(new DatagramPacket(lastAck, lastAck.length, peer));
                    tries = 0;
                    continue;
                }
                if (op != 3) continue;
                int block = b.getShort() & 0xffff;
                int len = b.remaining();
                if (block == (expected & 0xffff)) {
                    total += len;
                    tries = 0;
                    boolean last = len < size;
                    if (++inWindow >= win || last) {
                        lastAck = ack(block);
                        s.send(new DatagramPacket(lastAck, lastAck.length, peer));
                        inWindow = 0;
                    }
                    if (last) {
                        if (tsize >= 0 && tsize != total) throw new IOException("tftp: " + total + " bytes read, tsize said " + tsize);
                        return new Result(total, expected, timeouts);
                    }
                    expected++;
                } else if (lastAck != null) {
                    // out of order: RFC 7440 says acknowledge the last block in order, so the server resends from there
                    s.send(new DatagramPacket(lastAck, lastAck.length, peer));
                    inWindow = 0;
                }
            }
        }
    }

    private static byte[] rrq(String file, int blksize, int window) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        o.write(1);
        for (String s : window > 1 ? new String[] {file, "octet", "blksize", Integer.toString(blksize), "tsize", "0", "windowsize", Integer.toString(window)}
                : new String[] {file, "octet", "blksize", Integer.toString(blksize), "tsize", "0"}) {
            o.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            o.write(0);
        }
        return o.toByteArray();
    }

    private static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >>> 8), (byte) block};
    }

    private static String text(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (end < b.limit() && b.get(end) != 0) end++;
        return new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.US_ASCII);
    }

    private static Map<String, String> options(ByteBuffer b) {
        Map<String, String> o = new HashMap<>();
        while (b.hasRemaining()) {
            String k = text(b);
            b.position(b.position() + k.length() + 1);
            if (!b.hasRemaining()) break;
            String v = text(b);
            b.position(Math.min(b.limit(), b.position() + v.length() + 1));
            o.put(k.toLowerCase(java.util.Locale.ROOT), v);
        }
        return o;
    }
}
