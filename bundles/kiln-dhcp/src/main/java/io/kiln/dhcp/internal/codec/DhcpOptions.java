package io.kiln.dhcp.internal.codec;

import io.kiln.api.net.SystemUuid;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The options of one DHCP message: an ordered, immutable map from code (1..254) to value, with typed readers.
 *
 * <p>Values are whole: a long option split on the wire (RFC 3396) is already concatenated, and the framing
 * options pad (0), end (255) and overload (52) never appear here. Typed readers treat a value of the wrong
 * shape as absent rather than throwing: one odd option should not cost the whole packet, and the raw bytes
 * stay available through {@link #get(int)}. Strings are ISO-8859-1, one char per byte, so they round-trip
 * exactly; real clients send ASCII.
 */
public final class DhcpOptions {
    private static final DhcpOptions EMPTY = new DhcpOptions(new LinkedHashMap<>());

    private final Map<Integer, byte[]> values; // insertion-ordered, never exposed without copying

    private DhcpOptions(LinkedHashMap<Integer, byte[]> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static DhcpOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with these options in their order. */
    public Builder toBuilder() {
        Builder b = new Builder();
        values.forEach(b.values::put); // values are never mutated, so sharing the arrays is safe
        return b;
    }

    // ---- generic access ------------------------------------------------------------------------------------

    public boolean contains(int code) {
        return values.containsKey(code);
    }

    /** A copy of the value of {@code code}. */
    public Optional<byte[]> get(int code) {
        byte[] v = values.get(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** Codes in wire order. */
    public List<Integer> codes() {
        return List.copyOf(values.keySet());
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The value without copying, for the codec in this package only. */
    byte[] raw(int code) {
        return values.get(code);
    }

    Map<Integer, byte[]> rawMap() {
        return values;
    }

    /** A one-byte value. */
    public OptionalInt uint8(int code) {
        byte[] v = values.get(code);
        return v != null && v.length == 1 ? OptionalInt.of(v[0] & 0xff) : OptionalInt.empty();
    }

    /** A two-byte big-endian value. */
    public OptionalInt uint16(int code) {
        byte[] v = values.get(code);
        return v != null && v.length == 2 ? OptionalInt.of(((v[0] & 0xff) << 8) | (v[1] & 0xff)) : OptionalInt.empty();
    }

    /** A four-byte big-endian unsigned value. */
    public OptionalLong uint32(int code) {
        byte[] v = values.get(code);
        return v != null && v.length == 4 ? OptionalLong.of(readInt(v, 0) & 0xffffffffL) : OptionalLong.empty();
    }

    /** A single IPv4 address. */
    public Optional<Inet4Address> address(int code) {
        byte[] v = values.get(code);
        return v != null && v.length == 4 ? Optional.of(inet(v, 0)) : Optional.empty();
    }

    /** A list of IPv4 addresses (routers, DNS servers); empty when absent or not a multiple of 4 bytes. */
    public List<Inet4Address> addresses(int code) {
        byte[] v = values.get(code);
        if (v == null || v.length == 0 || v.length % 4 != 0) return List.of();
        List<Inet4Address> out = new ArrayList<>(v.length / 4);
        for (int i = 0; i < v.length; i += 4) out.add(inet(v, i));
        return List.copyOf(out);
    }

    /** A string; a trailing NUL, which some clients add, is dropped. */
    public Optional<String> string(int code) {
        byte[] v = values.get(code);
        if (v == null) return Optional.empty();
        int len = v.length;
        while (len > 0 && v[len - 1] == 0) len--;
        return Optional.of(new String(v, 0, len, StandardCharsets.ISO_8859_1));
    }

    // ---- named options -------------------------------------------------------------------------------------

    /** Option 53; empty when absent or a type this codec does not model (see {@link DhcpMessage#isBootp()}). */
    public Optional<MessageType> messageType() {
        OptionalInt t = uint8(DhcpOption.MESSAGE_TYPE);
        return t.isPresent() ? MessageType.of(t.getAsInt()) : Optional.empty();
    }

    public Optional<Inet4Address> requestedIp() {
        return address(DhcpOption.REQUESTED_IP);
    }

    public Optional<Inet4Address> serverId() {
        return address(DhcpOption.SERVER_ID);
    }

    /** Option 51 in seconds. */
    public OptionalLong leaseTime() {
        return uint32(DhcpOption.LEASE_TIME);
    }

    /** Option 55: the codes the client asks for, in its order. */
    public List<Integer> parameterRequestList() {
        byte[] v = values.get(DhcpOption.PARAMETER_REQUEST_LIST);
        if (v == null) return List.of();
        List<Integer> out = new ArrayList<>(v.length);
        for (byte b : v) out.add(b & 0xff);
        return List.copyOf(out);
    }

    /** Option 57: the largest DHCP message (IP datagram, RFC 2132 9.10) the client accepts. */
    public OptionalInt maxMessageSize() {
        return uint16(DhcpOption.MAX_MESSAGE_SIZE);
    }

    public Optional<String> hostname() {
        return string(DhcpOption.HOSTNAME);
    }

    /** Option 60, e.g. {@code PXEClient:Arch:00007:UNDI:003000} or {@code HTTPClient:Arch:00016:UNDI:003000}. */
    public Optional<String> vendorClass() {
        return string(DhcpOption.VENDOR_CLASS_ID);
    }

    /** Option 61 as sent (usually hardware type 1 followed by the MAC). */
    public Optional<byte[]> clientId() {
        return get(DhcpOption.CLIENT_ID);
    }

    public Optional<String> tftpServerName() {
        return string(DhcpOption.TFTP_SERVER_NAME);
    }

    public Optional<String> bootfileName() {
        return string(DhcpOption.BOOTFILE_NAME);
    }

    /** Option 43 as sent. */
    public Optional<byte[]> vendorSpecific() {
        return get(DhcpOption.VENDOR_SPECIFIC);
    }

    /**
     * Option 77 as a list of classes, accepting both forms seen in the field: RFC 3004's list of
     * (length, bytes) and the raw single string iPXE sends ({@code "iPXE"}, no length prefix). The value is
     * read as RFC 3004 only when its lengths are all non-zero and add up exactly; otherwise it is one class.
     */
    public List<String> userClasses() {
        byte[] v = values.get(DhcpOption.USER_CLASS);
        if (v == null || v.length == 0) return List.of();
        List<String> rfc3004 = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            int len = v[i] & 0xff;
            if (len == 0 || i + 1 + len > v.length) {
                rfc3004 = null;
                break;
            }
            rfc3004.add(new String(v, i + 1, len, StandardCharsets.ISO_8859_1));
            i += 1 + len;
        }
        return rfc3004 != null ? List.copyOf(rfc3004) : List.of(new String(v, StandardCharsets.ISO_8859_1));
    }

    /** Whether option 175 (iPXE's encapsulated feature list) is present. */
    public boolean hasIpxeOptions() {
        return values.containsKey(DhcpOption.IPXE_ENCAPSULATED);
    }

    /** Whether the client is iPXE: user class {@code iPXE} or option 175 present. */
    public boolean isIpxe() {
        return hasIpxeOptions() || userClasses().contains("iPXE");
    }

    /** Option 93: all architecture types the client lists (RFC 4578; 0 BIOS, 7 x64 UEFI, 16 x64 UEFI HTTP). */
    public List<Integer> arches() {
        byte[] v = values.get(DhcpOption.CLIENT_ARCH);
        if (v == null || v.length == 0 || v.length % 2 != 0) return List.of();
        List<Integer> out = new ArrayList<>(v.length / 2);
        for (int i = 0; i < v.length; i += 2) out.add(((v[i] & 0xff) << 8) | (v[i + 1] & 0xff));
        return List.copyOf(out);
    }

    /** The first architecture of option 93, the one boot-file tables key on. */
    public OptionalInt arch() {
        List<Integer> a = arches();
        return a.isEmpty() ? OptionalInt.empty() : OptionalInt.of(a.get(0));
    }

    /** Option 94. */
    public Optional<ClientInterfaceId> clientInterface() {
        byte[] v = values.get(DhcpOption.CLIENT_NDI);
        return v != null && v.length == 3
                ? Optional.of(new ClientInterfaceId(v[0] & 0xff, v[1] & 0xff, v[2] & 0xff))
                : Optional.empty();
    }

    /** The 16 UUID bytes of option 97 exactly as sent (type 0 only; other types read as absent). */
    public Optional<byte[]> machineId() {
        byte[] v = values.get(DhcpOption.CLIENT_MACHINE_ID);
        return v != null && v.length == 17 && v[0] == 0 ? Optional.of(Arrays.copyOfRange(v, 1, 17)) : Optional.empty();
    }

    /**
     * Option 97 as an RFC 4122 string, reading the bytes in SMBIOS/EFI_GUID order: the first three fields
     * (4, 2 and 2 bytes) little-endian, the last eight as sent. EDK2 copies the SMBIOS system GUID to the wire
     * that way, so the result equals {@code dmidecode -s system-uuid} and QEMU's {@code -uuid}. An all-zero UUID
     * (firmware without one) reads as absent.
     */
    public Optional<String> uuid() {
        Optional<byte[]> id = machineId();
        if (id.isEmpty()) return Optional.empty();
        SystemUuid uuid = SystemUuid.ofSmbiosBytes(id.get());
        return uuid.isNil() ? Optional.empty() : Optional.of(uuid.value());
    }

    /** Option 82's sub-options; empty when absent or its sub-options do not parse. */
    public Optional<RelayAgentInfo> relayAgentInfo() {
        byte[] v = values.get(DhcpOption.RELAY_AGENT_INFO);
        return v == null ? Optional.empty() : RelayAgentInfo.parse(v);
    }

    // ---- object ---------------------------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof DhcpOptions other) || other.values.size() != values.size()) return false;
        // order matters on the wire, so it matters for equality
        var a = values.entrySet().iterator();
        var b = other.values.entrySet().iterator();
        while (a.hasNext()) {
            var x = a.next();
            var y = b.next();
            if (!x.getKey().equals(y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (var e : values.entrySet()) h = 31 * h + e.getKey() * 17 + Arrays.hashCode(e.getValue());
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(k).append('=').append(Hex.encode(v)).append(", "));
        if (!values.isEmpty()) sb.setLength(sb.length() - 2);
        return sb.append('}').toString();
    }

    static int readInt(byte[] v, int i) {
        return ((v[i] & 0xff) << 24) | ((v[i + 1] & 0xff) << 16) | ((v[i + 2] & 0xff) << 8) | (v[i + 3] & 0xff);
    }

    static Inet4Address inet(byte[] v, int i) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(v, i, i + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // impossible for 4 bytes
        }
    }

    /** Collects options in order; putting a code again replaces its value in its original position. */
    public static final class Builder {
        private final LinkedHashMap<Integer, byte[]> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets {@code code} to a copy of {@code value}; values longer than 255 bytes are split on encode. */
        public Builder put(int code, byte[] value) {
            if (code <= DhcpOption.PAD || code >= DhcpOption.END || code == DhcpOption.OVERLOAD) {
                // pad, end and overload are framing the codec writes itself
                throw new IllegalArgumentException("option " + code + " cannot be set: 1..254 except 52");
            }
            values.put(code, Objects.requireNonNull(value, "value").clone());
            return this;
        }

        public Builder putUint8(int code, int value) {
            check(value, 0xff);
            return put(code, new byte[] {(byte) value});
        }

        public Builder putUint16(int code, int value) {
            check(value, 0xffff);
            return put(code, new byte[] {(byte) (value >> 8), (byte) value});
        }

        public Builder putUint32(int code, long value) {
            if (value < 0 || value > 0xffffffffL) throw new IllegalArgumentException("not a uint32: " + value);
            return put(code, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
        }

        public Builder putAddress(int code, Inet4Address address) {
            return put(code, address.getAddress());
        }

        public Builder putAddresses(int code, List<Inet4Address> addresses) {
            byte[] v = new byte[addresses.size() * 4];
            for (int i = 0; i < addresses.size(); i++) System.arraycopy(addresses.get(i).getAddress(), 0, v, i * 4, 4);
            return put(code, v);
        }

        /** Sets an ISO-8859-1 string without a trailing NUL. */
        public Builder putString(int code, String value) {
            return put(code, latin1(value));
        }

        public Builder messageType(MessageType type) {
            return putUint8(DhcpOption.MESSAGE_TYPE, type.code());
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        public boolean contains(int code) {
            return values.containsKey(code);
        }

        /** Appends to an existing value (RFC 3396 concatenation); for the decoder. */
        Builder append(int code, byte[] more, int from, int len) {
            byte[] old = values.get(code);
            if (old == null) {
                values.put(code, Arrays.copyOfRange(more, from, from + len));
            } else {
                byte[] v = Arrays.copyOf(old, old.length + len);
                System.arraycopy(more, from, v, old.length, len);
                values.put(code, v);
            }
            return this;
        }

        public DhcpOptions build() {
            return values.isEmpty() ? EMPTY : new DhcpOptions(new LinkedHashMap<>(values));
        }

        private static void check(int value, int max) {
            if (value < 0 || value > max) throw new IllegalArgumentException("value " + value + " out of range 0.." + max);
        }
    }

    /** Strict ISO-8859-1: a char that does not fit one byte is an error, not a silent '?'. */
    static byte[] latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) throw new IllegalArgumentException("not ISO-8859-1 at index " + i + ": " + s);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
