package io.kiln.dhcp.internal.codec;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads and writes DHCPv4 messages (RFC 2131, 2132, 3396) to and from byte buffers; stateless and thread-safe.
 *
 * <p>Decoding is strict about structure (anything that cannot be a DHCP message throws
 * {@link MalformedDhcpException}) and lenient about content (unknown options, odd values and a missing END pass).
 * Encoding writes what old PXE ROMs expect: options 53 and 54 first, 82 last, END, then zero padding to the
 * 300-byte BOOTP minimum.
 */
public final class DhcpCodec {
    /** Bytes before the magic cookie. */
    public static final int HEADER_LENGTH = 236;
    /** Header plus magic cookie: the smallest possible message. */
    public static final int MIN_LENGTH = 240;
    /** RFC 951 BOOTP size (64-byte vend field); some PXE ROMs drop shorter replies. */
    public static final int BOOTP_MIN_LENGTH = 300;
    /** The largest message every client must accept: 576-byte IP datagram less IP and UDP headers (RFC 2131 2). */
    public static final int DEFAULT_MAX_REPLY_LENGTH = 548;
    /** One Ethernet frame less IP and UDP headers; PXE ROMs do not reassemble IP fragments. */
    public static final int ETHERNET_MAX_PAYLOAD = 1472;
    /** The largest UDP payload. */
    public static final int MAX_UDP_PAYLOAD = 65535;
    public static final int MAGIC_COOKIE = 0x63825363;

    private static final int SNAME_OFFSET = 44;
    private static final int FILE_OFFSET = 108;
    private static final int IP_UDP_HEADERS = 28;

    /** Decodes up to 65535 bytes; encodes up to one Ethernet frame unless told otherwise. */
    public static final DhcpCodec DEFAULT = new DhcpCodec(MAX_UDP_PAYLOAD, ETHERNET_MAX_PAYLOAD);

    private final int maxDecodeLength;
    private final int maxEncodeLength;

    /**
     * @param maxDecodeLength longer input is rejected as malformed
     * @param maxEncodeLength the limit {@link #encode(DhcpMessage, ByteBuf)} applies
     */
    public DhcpCodec(int maxDecodeLength, int maxEncodeLength) {
        if (maxDecodeLength < MIN_LENGTH || maxEncodeLength < BOOTP_MIN_LENGTH) {
            throw new IllegalArgumentException("limits below the DHCP minimum");
        }
        this.maxDecodeLength = maxDecodeLength;
        this.maxEncodeLength = maxEncodeLength;
    }

    // ---- decode ---------------------------------------------------------------------------------------------

    /**
     * Decodes the readable bytes of {@code in} (one UDP payload) and consumes them.
     *
     * @throws MalformedDhcpException when the bytes cannot be a DHCP/BOOTP message
     */
    public DhcpMessage decode(ByteBuf in) {
        int base = in.readerIndex();
        int length = in.readableBytes();
        if (length < MIN_LENGTH) {
            throw new MalformedDhcpException("truncated: " + length + " bytes, a DHCP message has at least " + MIN_LENGTH);
        }
        if (length > maxDecodeLength) {
            throw new MalformedDhcpException("oversized: " + length + " bytes, limit " + maxDecodeLength);
        }
        int op = in.getUnsignedByte(base);
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            throw new MalformedDhcpException("bad op " + op + ", expected 1 (BOOTREQUEST) or 2 (BOOTREPLY)");
        }
        int hlen = in.getUnsignedByte(base + 2);
        if (hlen > DhcpMessage.CHADDR_LENGTH) {
            throw new MalformedDhcpException("bad hlen " + hlen + ", chaddr holds at most 16 bytes");
        }
        int cookie = in.getInt(base + HEADER_LENGTH);
        if (cookie != MAGIC_COOKIE) {
            throw new MalformedDhcpException(String.format("bad magic cookie 0x%08x, expected 0x%08x", cookie, MAGIC_COOKIE));
        }

        // copy once; option parsing then works on an array, whatever the buffer's kind
        byte[] p = new byte[length];
        in.getBytes(base, p);

        DhcpOptions.Builder options = DhcpOptions.builder();
        int overload = parseOptions(p, MIN_LENGTH, length, options, true, "options");
        boolean fileHoldsOptions = (overload & 1) != 0;
        boolean snameHoldsOptions = (overload & 2) != 0;
        // RFC 3396 section 5: the aggregate is options, then file, then sname
        if (fileHoldsOptions) parseOptions(p, FILE_OFFSET, FILE_OFFSET + DhcpMessage.FILE_LENGTH, options, false, "file");
        if (snameHoldsOptions) parseOptions(p, SNAME_OFFSET, FILE_OFFSET, options, false, "sname");
        DhcpOptions opts = options.build();
        byte[] type = opts.raw(DhcpOption.MESSAGE_TYPE);
        if (type != null && type.length != 1) {
            throw new MalformedDhcpException("option 53 (message type) has length " + type.length + ", expected 1");
        }

        byte[] chaddr = new byte[hlen];
        System.arraycopy(p, 28, chaddr, 0, hlen);
        DhcpMessage.Builder b = DhcpMessage.builder()
                .op(op)
                .htype(p[1] & 0xff)
                .hops(p[3] & 0xff)
                .xid(DhcpOptions.readInt(p, 4))
                .secs(((p[8] & 0xff) << 8) | (p[9] & 0xff))
                .flags(((p[10] & 0xff) << 8) | (p[11] & 0xff))
                .ciaddr(DhcpOptions.inet(p, 12))
                .yiaddr(DhcpOptions.inet(p, 16))
                .siaddr(DhcpOptions.inet(p, 20))
                .giaddr(DhcpOptions.inet(p, 24))
                .chaddr(chaddr)
                .decodedNames(snameHoldsOptions ? "" : cString(p, SNAME_OFFSET, DhcpMessage.SNAME_LENGTH),
                        fileHoldsOptions ? "" : cString(p, FILE_OFFSET, DhcpMessage.FILE_LENGTH))
                .options(opts);
        in.readerIndex(base + length);
        return b.build();
    }

    /**
     * Parses one option area [from, to) into {@code out}, concatenating repeated codes (RFC 3396).
     *
     * @return the overload value found (main area only), else 0
     */
    private static int parseOptions(byte[] p, int from, int to, DhcpOptions.Builder out, boolean main, String area) {
        int overload = 0;
        int i = from;
        while (i < to) {
            int code = p[i] & 0xff;
            if (code == DhcpOption.END) break;
            if (code == DhcpOption.PAD) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                throw new MalformedDhcpException("option " + code + " at offset " + i + " in " + area + " has no length byte");
            }
            int len = p[i + 1] & 0xff;
            if (i + 2 + len > to) {
                throw new MalformedDhcpException("option " + code + " at offset " + i + " in " + area + " has length "
                        + len + ", running past the end of the " + area + " area at " + to);
            }
            if (code == DhcpOption.OVERLOAD) {
                // framing, not content: honoured once, from the options field only (RFC 2131 4.1)
                if (main && overload == 0) {
                    if (len != 1 || p[i + 2] < 1 || p[i + 2] > 3) {
                        throw new MalformedDhcpException("option 52 (overload) must be one byte 1..3");
                    }
                    overload = p[i + 2];
                }
            } else {
                out.append(code, p, i + 2, len);
            }
            i += 2 + len;
        }
        return overload;
    }

    private static String cString(byte[] p, int offset, int max) {
        int len = 0;
        while (len < max && p[offset + len] != 0) len++;
        return new String(p, offset, len, StandardCharsets.ISO_8859_1);
    }

    // ---- encode ---------------------------------------------------------------------------------------------

    /**
     * Writes {@code message} to {@code out} within this codec's encode limit.
     *
     * @throws IllegalArgumentException when the message does not fit; nothing is written then
     */
    public void encode(DhcpMessage message, ByteBuf out) {
        encode(message, out, maxEncodeLength);
    }

    /**
     * Writes {@code message} to {@code out} if it fits in {@code maxLength} bytes (see {@link #maxReplyLength}).
     *
     * @throws IllegalArgumentException when the message does not fit; nothing is written then
     */
    public void encode(DhcpMessage message, ByteBuf out, int maxLength) {
        int size = encodedLength(message);
        if (size > maxLength) {
            throw new IllegalArgumentException("message needs " + size + " bytes, limit is " + maxLength
                    + " (options " + message.options().codes() + ")");
        }
        int start = out.writerIndex();
        out.ensureWritable(size);
        out.writeByte(message.op());
        out.writeByte(message.htype());
        out.writeByte(message.hlen());
        out.writeByte(message.hops());
        out.writeInt(message.xid());
        out.writeShort(message.secs());
        out.writeShort(message.flags());
        writeAddress(out, message.ciaddr());
        writeAddress(out, message.yiaddr());
        writeAddress(out, message.siaddr());
        writeAddress(out, message.giaddr());
        byte[] chaddr = message.chaddr();
        out.writeBytes(chaddr);
        out.writeZero(DhcpMessage.CHADDR_LENGTH - chaddr.length);
        writeField(out, message.sname(), DhcpMessage.SNAME_LENGTH);
        writeField(out, message.file(), DhcpMessage.FILE_LENGTH);
        out.writeInt(MAGIC_COOKIE);

        DhcpOptions options = message.options();
        // 53 then 54 first: some PXE ROMs look only there; 82 last as RFC 3046 2.2 asks of servers
        writeOption(out, DhcpOption.MESSAGE_TYPE, options.raw(DhcpOption.MESSAGE_TYPE));
        writeOption(out, DhcpOption.SERVER_ID, options.raw(DhcpOption.SERVER_ID));
        for (Map.Entry<Integer, byte[]> e : options.rawMap().entrySet()) {
            int code = e.getKey();
            if (!isPlacedApart(code)) writeOption(out, code, e.getValue());
        }
        writeOption(out, DhcpOption.RELAY_AGENT_INFO, options.raw(DhcpOption.RELAY_AGENT_INFO));
        out.writeByte(DhcpOption.END);
        out.writeZero(size - (out.writerIndex() - start));
    }

    /** The exact number of bytes {@link #encode} writes for {@code message}, padding included. */
    public int encodedLength(DhcpMessage message) {
        int n = MIN_LENGTH + 1; // header, cookie, END
        for (byte[] v : message.options().rawMap().values()) {
            int chunks = Math.max(1, (v.length + 254) / 255);
            n += chunks * 2 + v.length;
        }
        return Math.max(n, BOOTP_MIN_LENGTH);
    }

    /**
     * The largest reply {@code request}'s sender accepts: its option 57 less IP and UDP headers, at least
     * {@value #DEFAULT_MAX_REPLY_LENGTH} (every client must take that much) and at most one Ethernet frame.
     */
    public static int maxReplyLength(DhcpMessage request) {
        int max = request.options().maxMessageSize().orElse(0) - IP_UDP_HEADERS;
        return Math.min(Math.max(max, DEFAULT_MAX_REPLY_LENGTH), ETHERNET_MAX_PAYLOAD);
    }

    private static boolean isPlacedApart(int code) {
        return code == DhcpOption.MESSAGE_TYPE || code == DhcpOption.SERVER_ID || code == DhcpOption.RELAY_AGENT_INFO;
    }

    /** Writes one option, split into 255-byte pieces of the same code when longer (RFC 3396). */
    private static void writeOption(ByteBuf out, int code, byte[] value) {
        if (value == null) return;
        if (value.length == 0) {
            out.writeByte(code).writeByte(0);
            return;
        }
        for (int i = 0; i < value.length; i += 255) {
            int len = Math.min(255, value.length - i);
            out.writeByte(code).writeByte(len).writeBytes(value, i, len);
        }
    }

    private static void writeAddress(ByteBuf out, Inet4Address a) {
        out.writeBytes(a.getAddress());
    }

    private static void writeField(ByteBuf out, String s, int width) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(b.length, width);
        out.writeBytes(b, 0, n);
        out.writeZero(width - n);
    }
}
