package io.kiln.tftp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately independent TFTP client for tests: raw byte arrays over a DatagramSocket, no Kiln codec, RFC 7440
 * windows with "ACK the last in-order block" on a gap.
 */
final class TinyTftpClient implements AutoCloseable {

    /** An ERROR packet received instead of data. */
    static final class TftpErrorReceived extends IOException {
        final int code;

        TftpErrorReceived(int code, String message) {
            super("ERROR " + code + ": " + message);
            this.code = code;
        }
    }

    /** What a download produced. */
    record Result(byte[] content, Map<String, String> oack, int dataPackets, InetSocketAddress serverTid) {
    }

    final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] buffer = new byte[65536];

    TinyTftpClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(3000);
        socket.setReceiveBufferSize(4 << 20);
    }

    static byte[] rrq(String name, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(1);
        for (String s : concat(name, "octet", options)) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] ack(long block) {
        return new byte[]{0, 4, (byte) (block >> 8), (byte) block};
    }

    static byte[] error(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0, 5, (byte) (code >> 8), (byte) code});
        out.writeBytes(message.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }

    void send(byte[] packet, SocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    DatagramPacket receive() throws IOException {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        return p;
    }

    static int opcode(DatagramPacket p) {
        return ((p.getData()[0] & 0xff) << 8) | (p.getData()[1] & 0xff);
    }

    static int block(DatagramPacket p) {
        return ((p.getData()[2] & 0xff) << 8) | (p.getData()[3] & 0xff);
    }

    static String errorMessage(DatagramPacket p) {
        return new String(p.getData(), 4, Math.max(0, p.getLength() - 5), StandardCharsets.US_ASCII);
    }

    static Map<String, String> options(DatagramPacket p) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = new String(p.getData(), 2, p.getLength() - 2, StandardCharsets.US_ASCII).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) m.put(parts[i], parts[i + 1]);
        return m;
    }

    Result download(String name, String... options) throws IOException {
        return download(name, 0, options);
    }

    /**
     * Downloads {@code name}; the first {@code ignoreFirst} DATA packets are dropped unacknowledged, as if lost.
     */
    Result download(String name, int ignoreFirst, String... options) throws IOException {
        send(rrq(name, options), server);
        DatagramPacket p = receive();
        InetSocketAddress tid = (InetSocketAddress) p.getSocketAddress();
        int blksize = 512;
        int windowsize = 1;
        Map<String, String> oack = Map.of();
        if (opcode(p) == 5) throw new TftpErrorReceived(block(p), errorMessage(p));
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long expected = 1;
        long lastAcked = 0;
        int inWindow = 0;
        int dataPackets = 0;
        int timeouts = 0;
        boolean gapAcked = false;
        if (opcode(p) == 6) {
            oack = options(p);
            blksize = Integer.parseInt(oack.getOrDefault("blksize", "512"));
            windowsize = Integer.parseInt(oack.getOrDefault("windowsize", "1"));
            send(ack(0), tid);
            p = null;
        }
        while (true) {
            if (p == null) {
                try {
                    p = receive();
                } catch (SocketTimeoutException e) {
                    if (++timeouts > 5) throw e;
                    send(ack(lastAcked), tid);
                    inWindow = 0;
                    continue;
                }
            }
            DatagramPacket packet = p;
            p = null;
            if (!packet.getSocketAddress().equals(tid)) continue;
            if (opcode(packet) == 5) throw new TftpErrorReceived(block(packet), errorMessage(packet));
            if (opcode(packet) != 3) throw new IOException("unexpected opcode " + opcode(packet));
            dataPackets++;
            if (ignoreFirst > 0) {
                ignoreFirst--;
                continue;
            }
            if (block(packet) != (expected & 0xFFFF)) {
                // gap or duplicate: acknowledge what we have, the server resends from there (RFC 7440)
                // (once per gap, so the rest of a broken window does not trigger more resends)
                if (!gapAcked) send(ack(expected - 1), tid);
                gapAcked = true;
                lastAcked = expected - 1;
                inWindow = 0;
                continue;
            }
            gapAcked = false;
            int length = packet.getLength() - 4;
            content.write(packet.getData(), 4, length);
            expected++;
            inWindow++;
            if (length < blksize) {
                send(ack(expected - 1), tid);
                return new Result(content.toByteArray(), oack, dataPackets, tid);
            }
            if (inWindow == windowsize) {
                send(ack(expected - 1), tid);
                lastAcked = expected - 1;
                inWindow = 0;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    private static String[] concat(String a, String b, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
