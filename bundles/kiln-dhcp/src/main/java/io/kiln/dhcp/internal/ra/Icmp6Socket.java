package io.kiln.dhcp.internal.ra;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A raw ICMPv6 socket on one interface that sees router solicitations only and sends router advertisements: bound
 * to the interface (SO_BINDTODEVICE), a member of all-routers (ff02::2) there, hop limit 255 on what it sends
 * (RFC 4861 6.1.2). Receives tell the hop limit and source of each message, so the caller can validate it.
 * One thread receives; sends may come from another (the kernel serialises them).
 */
final class Icmp6Socket implements AutoCloseable {
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALL_ROUTERS = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    private static final int SOCKADDR_IN6 = 28, MSGHDR = 56, IOVEC = 16, CONTROL = 128;

    /** One received message: its bytes, length, hop limit (-1 when the kernel did not say) and source address. */
    record Received(byte[] message, int length, int hopLimit, byte[] source) {
        boolean sourceUnspecified() {
            for (byte b : source) if (b != 0) return false;
            return true;
        }
    }

    private final LibC libc;
    private final String iface;
    private final int index;
    private final int fd;
    private final Memory buffer = new Memory(1500), name = new Memory(SOCKADDR_IN6), control = new Memory(CONTROL),
            iov = new Memory(IOVEC), msg = new Memory(MSGHDR), pollfd = new Memory(8);
    private volatile boolean closed;

    /** @throws IOException naming the call that failed and errno's text (e.g. no CAP_NET_RAW: "Operation not permitted") */
    Icmp6Socket(LibC libc, String iface) throws IOException {
        this.libc = libc;
        this.iface = iface;
        this.index = libc.if_nametoindex(iface);
        if (index == 0) throw new IOException("no network interface named " + iface);
        int s;
        try {
            s = libc.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMPV6);
        } catch (LastErrorException e) {
            throw failure("socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)", e);
        }
        this.fd = s;
        try {
            byte[] dev = (iface + "\0").getBytes(StandardCharsets.US_ASCII);
            set(LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, bytes(dev), "SO_BINDTODEVICE " + iface);
            // block every ICMPv6 type but router solicitations (a set bit blocks)
            Memory filter = new Memory(32);
            for (int i = 0; i < 8; i++) filter.setInt(i * 4L, -1);
            int type = NdpCodec.ROUTER_SOLICITATION;
            filter.setInt((type >> 5) * 4L, ~(1 << (type & 31)));
            set(LibC.IPPROTO_ICMPV6, LibC.ICMP6_FILTER, filter, "ICMP6_FILTER");
            set(LibC.IPPROTO_IPV6, LibC.IPV6_RECVHOPLIMIT, integer(1), "IPV6_RECVHOPLIMIT");
            set(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, integer(255), "IPV6_MULTICAST_HOPS");
            set(LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, integer(255), "IPV6_UNICAST_HOPS");
            set(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, integer(index), "IPV6_MULTICAST_IF");
            set(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_LOOP, integer(0), "IPV6_MULTICAST_LOOP"); // not to this host's own stack
            Memory mreq = new Memory(20);
            mreq.write(0, ALL_ROUTERS, 0, 16);
            mreq.setInt(16, index);
            set(LibC.IPPROTO_IPV6, LibC.IPV6_JOIN_GROUP, mreq, "IPV6_JOIN_GROUP ff02::2");
        } catch (IOException e) {
            libc.close(fd);
            throw e;
        }
        // the receive buffers, filled in once: recvmsg only updates lengths
        iov.setPointer(0, buffer);
        iov.setLong(8, buffer.size());
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
    }

    String iface() {
        return iface;
    }

    /**
     * Waits up to {@code timeoutMillis} for a message.
     *
     * @return the message, or null on time-out
     */
    Received receive(int timeoutMillis) throws IOException {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, LibC.POLLIN);
        pollfd.setShort(6, (short) 0);
        try {
            if (libc.poll(pollfd, 1, timeoutMillis) <= 0) return null;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINTR) return null;
            throw failure("poll", e);
        }
        msg.setPointer(0, name);
        msg.setInt(8, SOCKADDR_IN6);
        msg.setPointer(32, control);
        msg.setLong(40, CONTROL);
        msg.setInt(48, 0);
        long n;
        try {
            n = libc.recvmsg(fd, msg, 0x40 /* MSG_DONTWAIT */);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) return null;
            throw failure("recvmsg", e);
        }
        int hopLimit = -1;
        long controlLength = msg.getLong(40);
        for (long at = 0; at + 16 <= controlLength; ) {
            long length = control.getLong(at);
            if (length < 16) break;
            if (control.getInt(at + 8) == LibC.IPPROTO_IPV6 && control.getInt(at + 12) == LibC.IPV6_HOPLIMIT) hopLimit = control.getInt(at + 16);
            at += (length + 7) & ~7L;
        }
        return new Received(buffer.getByteArray(0, (int) n), (int) n, hopLimit, name.getByteArray(8, 16));
    }

    /** Sends an ICMPv6 message to a link-local or multicast address on this interface. */
    void send(byte[] message, byte[] to) throws IOException {
        Memory address = new Memory(SOCKADDR_IN6);
        address.clear();
        address.setShort(0, (short) LibC.AF_INET6);
        address.write(8, to, 0, 16);
        address.setInt(24, index);
        try {
            libc.sendto(fd, message, message.length, 0, address, SOCKADDR_IN6);
        } catch (LastErrorException e) {
            throw failure("sendto " + (to == ALL_NODES ? "ff02::1" : "the solicitor") + " on", e);
        }
    }

    /** Sends an ICMPv6 message to all nodes on the link (ff02::1). */
    void sendToAllNodes(byte[] message) throws IOException {
        send(message, ALL_NODES);
    }

    private void set(int level, int option, Pointer value, String what) throws IOException {
        try {
            libc.setsockopt(fd, level, option, value, (int) ((Memory) value).size());
        } catch (LastErrorException e) {
            throw failure("setsockopt " + what, e);
        }
    }

    private IOException failure(String call, LastErrorException e) {
        return new IOException(call + (call.endsWith(" on") ? " " : " on ") + iface + ": " + libc.strerror(e.getErrorCode()));
    }

    private static Memory integer(int v) {
        Memory m = new Memory(4);
        m.setInt(0, v);
        return m;
    }

    private static Memory bytes(byte[] b) {
        Memory m = new Memory(b.length);
        m.write(0, b, 0, b.length);
        return m;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        libc.close(fd);
    }
}
