package io.kiln.dhcp.internal.ra;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few Linux C library calls of a raw ICMPv6 socket, through JNA: the JDK opens no raw sockets. A failing call
 * throws {@link LastErrorException} with errno. 64-bit Linux only (ssize_t and size_t as Java long).
 */
interface LibC extends Library {
    int AF_INET6 = 10, SOCK_RAW = 3, SOCK_CLOEXEC = 02000000, IPPROTO_ICMPV6 = 58, IPPROTO_IPV6 = 41;
    int SOL_SOCKET = 1, SO_BINDTODEVICE = 25;
    int ICMP6_FILTER = 1;
    int IPV6_UNICAST_HOPS = 16, IPV6_MULTICAST_IF = 17, IPV6_MULTICAST_HOPS = 18, IPV6_MULTICAST_LOOP = 19,
            IPV6_JOIN_GROUP = 20, IPV6_RECVPKTINFO = 49, IPV6_PKTINFO = 50, IPV6_RECVHOPLIMIT = 51, IPV6_HOPLIMIT = 52;
    short POLLIN = 1;
    int EINTR = 4, EAGAIN = 11;

    /** Loaded on first use, so a machine without JNA's native library fails only the responder, when it starts. */
    static LibC load() {
        return Native.load("c", LibC.class);
    }

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    long sendto(int fd, byte[] buffer, long length, int flags, Pointer address, int addressLength) throws LastErrorException;

    int if_nametoindex(String name);

    int close(int fd);

    String strerror(int errno);
}
