package io.kiln.dhcp.internal.codec;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One DHCP/BOOTP message (RFC 2131 section 2): the fixed header fields and the options, immutable.
 *
 * <p>Addresses are {@link Inet4Address} (0.0.0.0 when unset, never null). {@code hlen} is not stored apart:
 * it is the length of {@link #chaddr()}, which holds only the meaningful hardware-address bytes.
 */
public final class DhcpMessage {
    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    /** Hardware type Ethernet (ARP hardware type 1). */
    public static final int HTYPE_ETHERNET = 1;
    /** The broadcast bit of {@link #flags()} (RFC 2131 figure 2). */
    public static final int FLAG_BROADCAST = 0x8000;
    /** Wire size of sname, including its NUL. */
    public static final int SNAME_LENGTH = 64;
    /** Wire size of file, including its NUL. */
    public static final int FILE_LENGTH = 128;
    /** Wire size of chaddr. */
    public static final int CHADDR_LENGTH = 16;

    static final Inet4Address ANY = DhcpOptions.inet(new byte[4], 0);

    private final int op;
    private final int htype;
    private final int hops;
    private final int xid;
    private final int secs;
    private final int flags;
    private final Inet4Address ciaddr;
    private final Inet4Address yiaddr;
    private final Inet4Address siaddr;
    private final Inet4Address giaddr;
    private final byte[] chaddr;
    private final String sname;
    private final String file;
    private final DhcpOptions options;

    private DhcpMessage(Builder b) {
        this.op = b.op;
        this.htype = b.htype;
        this.hops = b.hops;
        this.xid = b.xid;
        this.secs = b.secs;
        this.flags = b.flags;
        this.ciaddr = b.ciaddr;
        this.yiaddr = b.yiaddr;
        this.siaddr = b.siaddr;
        this.giaddr = b.giaddr;
        this.chaddr = b.chaddr.clone();
        this.sname = b.sname;
        this.file = b.file;
        this.options = b.options.build();
    }

    /** A builder for a new message, defaulting to a BOOTREPLY on Ethernet with every other field zero. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this message. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.op = op;
        b.htype = htype;
        b.hops = hops;
        b.xid = xid;
        b.secs = secs;
        b.flags = flags;
        b.ciaddr = ciaddr;
        b.yiaddr = yiaddr;
        b.siaddr = siaddr;
        b.giaddr = giaddr;
        b.chaddr = chaddr;
        b.sname = sname;
        b.file = file;
        b.options = options.toBuilder();
        return b;
    }

    /**
     * A builder for the reply to this request, with the fields RFC 2131 table 3 says a server copies: xid,
     * htype, chaddr, flags and giaddr, plus option 82 unchanged (RFC 3046 section 2.2 requires the echo).
     * Everything else (op = BOOTREPLY, hops, secs, addresses, options) starts at zero or empty.
     */
    public Builder replyBuilder() {
        Builder b = new Builder().op(BOOTREPLY).htype(htype).xid(xid).flags(flags).giaddr(giaddr);
        b.chaddr = chaddr;
        byte[] relay = options.raw(DhcpOption.RELAY_AGENT_INFO);
        if (relay != null) b.options.put(DhcpOption.RELAY_AGENT_INFO, relay);
        return b;
    }

    public int op() {
        return op;
    }

    public boolean isRequest() {
        return op == BOOTREQUEST;
    }

    public int htype() {
        return htype;
    }

    /** Hardware address length, the length of {@link #chaddr()}. */
    public int hlen() {
        return chaddr.length;
    }

    public int hops() {
        return hops;
    }

    public int xid() {
        return xid;
    }

    public int secs() {
        return secs;
    }

    public int flags() {
        return flags;
    }

    /** Whether the client asked for broadcast replies (it cannot receive unicast before it has an address). */
    public boolean isBroadcast() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    public Inet4Address ciaddr() {
        return ciaddr;
    }

    public Inet4Address yiaddr() {
        return yiaddr;
    }

    public Inet4Address siaddr() {
        return siaddr;
    }

    public Inet4Address giaddr() {
        return giaddr;
    }

    /** Whether a relay agent forwarded this message (giaddr is not 0.0.0.0). */
    public boolean isRelayed() {
        return !giaddr.equals(ANY);
    }

    /** A copy of the client hardware address, {@link #hlen()} bytes. */
    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The hardware address as lowercase {@code aa:bb:cc:dd:ee:ff}; empty when hlen is 0. */
    public String macString() {
        return Hex.join(chaddr, ":");
    }

    /** Server host name from the sname field ("" when unset or when the field carries overloaded options). */
    public String sname() {
        return sname;
    }

    /** Boot file name from the file field ("" when unset or when the field carries overloaded options). */
    public String file() {
        return file;
    }

    public DhcpOptions options() {
        return options;
    }

    /** Option 53; empty for BOOTP or for a type this codec does not model. */
    public Optional<MessageType> messageType() {
        return options.messageType();
    }

    /** Whether this is plain BOOTP: no option 53 at all. */
    public boolean isBootp() {
        return !options.contains(DhcpOption.MESSAGE_TYPE);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof DhcpMessage m)) return false;
        return op == m.op && htype == m.htype && hops == m.hops && xid == m.xid && secs == m.secs
                && flags == m.flags && ciaddr.equals(m.ciaddr) && yiaddr.equals(m.yiaddr)
                && siaddr.equals(m.siaddr) && giaddr.equals(m.giaddr) && Arrays.equals(chaddr, m.chaddr)
                && sname.equals(m.sname) && file.equals(m.file) && options.equals(m.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, htype, xid, Arrays.hashCode(chaddr), options);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DhcpMessage{");
        sb.append(op == BOOTREQUEST ? "request" : "reply");
        sb.append(' ').append(messageType().map(Enum::name).orElse(isBootp() ? "BOOTP" : "type?"));
        sb.append(" xid=0x").append(Integer.toHexString(xid)).append(" chaddr=").append(macString());
        if (isBroadcast()) sb.append(" broadcast");
        appendIfSet(sb, "ciaddr", ciaddr);
        appendIfSet(sb, "yiaddr", yiaddr);
        appendIfSet(sb, "siaddr", siaddr);
        appendIfSet(sb, "giaddr", giaddr);
        if (!file.isEmpty()) sb.append(" file=").append(file);
        return sb.append(" options=").append(options.codes()).append('}').toString();
    }

    private static void appendIfSet(StringBuilder sb, String name, Inet4Address a) {
        if (!a.equals(ANY)) sb.append(' ').append(name).append('=').append(a.getHostAddress());
    }

    /** Builds a {@link DhcpMessage}; every setter checks its range so the codec never meets an unencodable value. */
    public static final class Builder {
        private int op = BOOTREPLY;
        private int htype = HTYPE_ETHERNET;
        private int hops;
        private int xid;
        private int secs;
        private int flags;
        private Inet4Address ciaddr = ANY;
        private Inet4Address yiaddr = ANY;
        private Inet4Address siaddr = ANY;
        private Inet4Address giaddr = ANY;
        private byte[] chaddr = new byte[0];
        private String sname = "";
        private String file = "";
        private DhcpOptions.Builder options = DhcpOptions.builder();

        private Builder() {
        }

        public Builder op(int op) {
            if (op != BOOTREQUEST && op != BOOTREPLY) throw new IllegalArgumentException("op must be 1 or 2: " + op);
            this.op = op;
            return this;
        }

        public Builder htype(int htype) {
            this.htype = uint8(htype, "htype");
            return this;
        }

        public Builder hops(int hops) {
            this.hops = uint8(hops, "hops");
            return this;
        }

        public Builder xid(int xid) {
            this.xid = xid;
            return this;
        }

        public Builder secs(int secs) {
            this.secs = uint16(secs, "secs");
            return this;
        }

        public Builder flags(int flags) {
            this.flags = uint16(flags, "flags");
            return this;
        }

        /** Sets or clears the broadcast bit, leaving the other (reserved) bits alone. */
        public Builder broadcast(boolean broadcast) {
            this.flags = broadcast ? flags | FLAG_BROADCAST : flags & ~FLAG_BROADCAST;
            return this;
        }

        public Builder ciaddr(Inet4Address a) {
            this.ciaddr = Objects.requireNonNull(a, "ciaddr");
            return this;
        }

        public Builder yiaddr(Inet4Address a) {
            this.yiaddr = Objects.requireNonNull(a, "yiaddr");
            return this;
        }

        public Builder siaddr(Inet4Address a) {
            this.siaddr = Objects.requireNonNull(a, "siaddr");
            return this;
        }

        public Builder giaddr(Inet4Address a) {
            this.giaddr = Objects.requireNonNull(a, "giaddr");
            return this;
        }

        /** Sets the hardware address (0..16 bytes); hlen follows its length. */
        public Builder chaddr(byte[] chaddr) {
            if (chaddr.length > CHADDR_LENGTH) throw new IllegalArgumentException("chaddr longer than 16 bytes");
            this.chaddr = chaddr.clone();
            return this;
        }

        /** Sets sname; at most 63 ISO-8859-1 chars so the NUL terminator always fits. */
        public Builder sname(String sname) {
            this.sname = field(sname, SNAME_LENGTH, "sname");
            return this;
        }

        /** Sets file; at most 127 ISO-8859-1 chars (longer names, e.g. URLs, belong in option 67). */
        public Builder file(String file) {
            this.file = field(file, FILE_LENGTH, "file");
            return this;
        }

        /** Replaces all options. */
        public Builder options(DhcpOptions options) {
            this.options = options.toBuilder();
            return this;
        }

        /** Sets one option (see {@link DhcpOptions.Builder#put}). */
        public Builder option(int code, byte[] value) {
            options.put(code, value);
            return this;
        }

        public Builder removeOption(int code) {
            options.remove(code);
            return this;
        }

        public Builder messageType(MessageType type) {
            options.messageType(type);
            return this;
        }

        /** The options being built, for the typed setters of {@link DhcpOptions.Builder}. */
        public DhcpOptions.Builder options() {
            return options;
        }

        /** sname and file as decoded: may fill their whole field without a NUL, which the setters refuse. */
        Builder decodedNames(String sname, String file) {
            this.sname = sname;
            this.file = file;
            return this;
        }

        public DhcpMessage build() {
            return new DhcpMessage(this);
        }

        private static int uint8(int v, String name) {
            if (v < 0 || v > 0xff) throw new IllegalArgumentException(name + " out of range 0..255: " + v);
            return v;
        }

        private static int uint16(int v, String name) {
            if (v < 0 || v > 0xffff) throw new IllegalArgumentException(name + " out of range 0..65535: " + v);
            return v;
        }

        private static String field(String s, int wireLength, String name) {
            if (DhcpOptions.latin1(s).length > wireLength - 1) {
                throw new IllegalArgumentException(name + " longer than " + (wireLength - 1) + " chars: " + s);
            }
            return s;
        }
    }
}
