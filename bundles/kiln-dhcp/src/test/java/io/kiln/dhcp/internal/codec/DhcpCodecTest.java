package io.kiln.dhcp.internal.codec;

import static io.kiln.dhcp.internal.codec.Packets.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DhcpCodecTest {
    private static final DhcpCodec CODEC = DhcpCodec.DEFAULT;

    static DhcpMessage decode(byte[] packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            DhcpMessage m = CODEC.decode(buf);
            assertEquals(0, buf.readableBytes(), "decode consumes the datagram");
            return m;
        } finally {
            buf.release();
        }
    }

    static byte[] encode(DhcpMessage m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            CODEC.encode(m, buf, Integer.MAX_VALUE);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    // ---- byte-exact decodes ---------------------------------------------------------------------------------

    @Test
    void decodesRfc2131Discover() throws Exception {
        assertEquals(300, Packets.RFC2131_DISCOVER.length);
        DhcpMessage m = decode(Packets.RFC2131_DISCOVER);
        assertEquals(DhcpMessage.BOOTREQUEST, m.op());
        assertEquals(1, m.htype());
        assertEquals(6, m.hlen());
        assertEquals(0x3903f326, m.xid());
        assertFalse(m.isBroadcast());
        assertFalse(m.isRelayed());
        assertEquals("00:0b:82:01:fc:42", m.macString());
        assertEquals(ip("0.0.0.0"), m.ciaddr());
        assertEquals("", m.sname());
        assertEquals("", m.file());
        assertEquals(Optional.of(MessageType.DISCOVER), m.messageType());
        assertEquals(List.of(53, 61, 50, 55), m.options().codes());
        assertEquals(List.of(1, 3, 6, 42), m.options().parameterRequestList());
        assertEquals(Optional.of(ip("0.0.0.0")), m.options().requestedIp());
        assertArrayEquals(bytes("01 000b8201fc42"), m.options().clientId().orElseThrow());
        assertTrue(m.options().arch().isEmpty());
        assertFalse(m.options().isIpxe());
    }

    @Test
    void decodesEdk2UefiPxeDiscover() {
        DhcpMessage m = decode(Packets.EDK2_PXE_DISCOVER);
        assertEquals(347, Packets.EDK2_PXE_DISCOVER.length);
        assertEquals("52:54:00:fa:00:10", m.macString());
        assertTrue(m.isBroadcast());
        assertEquals(Optional.of(MessageType.DISCOVER), m.messageType());
        DhcpOptions o = m.options();
        assertEquals(List.of(53, 57, 55, 97, 94, 93, 60), o.codes());
        assertEquals(OptionalInt.of(7), o.arch());
        assertEquals(Optional.of("PXEClient:Arch:00007:UNDI:003000"), o.vendorClass());
        assertEquals(Optional.of(new ClientInterfaceId(1, 3, 0)), o.clientInterface());
        assertEquals(Optional.of("6f8b3a2c-1d4e-4f5a-9b7c-0123456789ab"), o.uuid());
        assertEquals(OptionalInt.of(1472), o.maxMessageSize());
        assertEquals(35, o.parameterRequestList().size());
        assertFalse(o.isIpxe());
        assertEquals(List.of(), o.userClasses());
    }

    @Test
    void decodesEdk2HttpBootDiscover() {
        DhcpOptions o = decode(Packets.EDK2_HTTP_DISCOVER).options();
        assertEquals(OptionalInt.of(16), o.arch());
        assertEquals(Optional.of("HTTPClient:Arch:00016:UNDI:003000"), o.vendorClass());
        assertEquals(Optional.of(new ClientInterfaceId(1, 3, 0)), o.clientInterface());
        assertFalse(o.isIpxe());
    }

    @Test
    void decodesIpxeDiscover() {
        DhcpMessage m = decode(Packets.IPXE_DISCOVER);
        assertEquals(400, Packets.IPXE_DISCOVER.length);
        assertEquals(4, m.secs());
        DhcpOptions o = m.options();
        assertEquals(List.of("iPXE"), o.userClasses());
        assertTrue(o.hasIpxeOptions());
        assertTrue(o.isIpxe());
        assertEquals(OptionalInt.of(0), o.arch());
        assertEquals(Optional.of(new ClientInterfaceId(1, 2, 1)), o.clientInterface());
        assertEquals(Optional.of("PXEClient:Arch:00000:UNDI:002001"), o.vendorClass());
        assertEquals(48, o.get(DhcpOption.IPXE_ENCAPSULATED).orElseThrow().length);
        assertEquals(Optional.of("6f8b3a2c-1d4e-4f5a-9b7c-0123456789ab"), o.uuid());
    }

    @Test
    void decodesRelayedRequestAndEchoesOption82ByteIdentical() throws Exception {
        DhcpMessage request = decode(Packets.RELAYED_REQUEST);
        assertEquals(300, Packets.RELAYED_REQUEST.length);
        assertTrue(request.isRelayed());
        assertEquals(ip("10.250.1.1"), request.giaddr());
        assertEquals(1, request.hops());
        assertEquals(Optional.of(MessageType.REQUEST), request.messageType());
        assertEquals(Optional.of(ip("10.250.0.1")), request.options().serverId());
        RelayAgentInfo relay = request.options().relayAgentInfo().orElseThrow();
        assertArrayEquals("ge-0/0/7.0".getBytes(), relay.circuitId().orElseThrow());
        assertArrayEquals(bytes("001122334455"), relay.remoteId().orElseThrow());

        // replyBuilder copies option 82 first; the encoder still writes 53, 54 first and 82 last
        DhcpMessage.Builder reply = request.replyBuilder().yiaddr(ip("10.250.1.50"));
        reply.options()
                .putAddress(DhcpOption.SUBNET_MASK, ip("255.255.255.0"))
                .putUint32(DhcpOption.LEASE_TIME, 3600)
                .putAddress(DhcpOption.SERVER_ID, ip("10.250.0.1"))
                .messageType(MessageType.ACK);
        DhcpMessage ack = reply.build();
        assertEquals(List.of(82, 1, 51, 54, 53), ack.options().codes());
        byte[] wire = encode(ack);
        byte[] option82 = bytes(Packets.OPTION_82);
        // RFC 3046 2.2: echoed unchanged and as the last option, right before END
        int end = indexOf(wire, bytes(Packets.OPTION_82, "ff"));
        assertTrue(end > 240, "option 82 then END in " + ByteBufUtil.hexDump(wire));
        DhcpMessage back = decode(wire);
        assertEquals(List.of(53, 54, 1, 51, 82), back.options().codes());
        assertArrayEquals(Arrays.copyOfRange(option82, 2, option82.length),
                back.options().get(DhcpOption.RELAY_AGENT_INFO).orElseThrow());
        assertEquals(ip("10.250.1.1"), back.giaddr());
        assertEquals(0x0badcafe, back.xid());
    }

    // ---- round trips ----------------------------------------------------------------------------------------

    static Stream<Arguments> packets() {
        return Stream.of(
                Arguments.of("rfc2131 discover", Packets.RFC2131_DISCOVER),
                Arguments.of("edk2 pxe discover", Packets.EDK2_PXE_DISCOVER),
                Arguments.of("edk2 http discover", Packets.EDK2_HTTP_DISCOVER),
                Arguments.of("ipxe discover", Packets.IPXE_DISCOVER),
                Arguments.of("relayed request", Packets.RELAYED_REQUEST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void reencodesByteExact(String name, byte[] packet) {
        DhcpMessage m = decode(packet);
        assertArrayEquals(packet, encode(m));
        assertEquals(packet.length, CODEC.encodedLength(m));
    }

    @Test
    void builtReplyRoundTrips() throws Exception {
        DhcpMessage offer = DhcpMessage.builder()
                .xid(0x12345678)
                .secs(3)
                .broadcast(true)
                .yiaddr(ip("10.250.0.100"))
                .siaddr(ip("10.250.0.1"))
                .chaddr(bytes("525400fa0010"))
                .sname("kiln")
                .file("snponly.efi")
                .messageType(MessageType.OFFER)
                .build();
        offer = offer.toBuilder().options(offer.options().toBuilder()
                        .putAddress(DhcpOption.SERVER_ID, ip("10.250.0.1"))
                        .putAddresses(DhcpOption.DNS_SERVERS, List.of(ip("10.250.0.1"), ip("10.250.0.2")))
                        .putString(DhcpOption.VENDOR_CLASS_ID, "PXEClient")
                        .put(DhcpOption.VENDOR_SPECIFIC, PxeVendorOptions.useBootFileFromReply())
                        .putString(DhcpOption.BOOTFILE_NAME, "snponly.efi")
                        .build())
                .build();
        DhcpMessage back = decode(encode(offer));
        assertEquals(offer, back);
        assertEquals("kiln", back.sname());
        assertEquals("snponly.efi", back.file());
        assertEquals(List.of(ip("10.250.0.1"), ip("10.250.0.2")), back.options().addresses(DhcpOption.DNS_SERVERS));
        assertTrue(back.isBroadcast());
    }

    @Test
    void writesMessageTypeThenServerIdFirst() throws Exception {
        DhcpMessage m = DhcpMessage.builder()
                .options(DhcpOptions.builder()
                        .putAddress(DhcpOption.SUBNET_MASK, ip("255.255.255.0"))
                        .putAddress(DhcpOption.ROUTER, ip("10.250.0.1"))
                        .putAddress(DhcpOption.SERVER_ID, ip("10.250.0.1"))
                        .messageType(MessageType.OFFER)
                        .build())
                .build();
        byte[] wire = encode(m);
        assertArrayEquals(bytes("350102 3604 0afa0001 0104 ffffff00 0304 0afa0001 ff"), Arrays.copyOfRange(wire, 240, 262));
    }

    @Test
    void padsToBootpMinimum() {
        byte[] wire = encode(DhcpMessage.builder().messageType(MessageType.NAK).build());
        assertEquals(DhcpCodec.BOOTP_MIN_LENGTH, wire.length);
        assertArrayEquals(bytes(COOKIE_53(6), "ff", 300 - 244), Arrays.copyOfRange(wire, 236, 300));
    }

    private static String COOKIE_53(int type) {
        return Packets.COOKIE + " 3501 0" + type;
    }

    @Test
    void splitsLongOptionsAndDecodeConcatenatesThem() {
        byte[] big = new byte[600];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        DhcpMessage m = DhcpMessage.builder().option(DhcpOption.VENDOR_SPECIFIC, big).build();
        byte[] wire = encode(m);
        assertEquals(240 + (2 + 255) + (2 + 255) + (2 + 90) + 1, wire.length);
        assertEquals(43, wire[240]);
        assertEquals((byte) 255, wire[241]);
        assertEquals(43, wire[240 + 257]);
        assertEquals(43, wire[240 + 514]);
        assertEquals(90, wire[241 + 514]);
        assertArrayEquals(big, decode(wire).options().get(DhcpOption.VENDOR_SPECIFIC).orElseThrow());
    }

    @Test
    void concatenatesRepeatedCodesPerRfc3396() {
        byte[] wire = bytes("01010600 00000001 00000000", 16, "020000000001", 10, Packets.NO_NAMES, Packets.COOKIE,
                "0c03 6b696c", "3501 01", "0c02 6e31", "ff", 40);
        DhcpOptions o = decode(wire).options();
        assertEquals(Optional.of("kiln1"), o.hostname());
        assertEquals(List.of(12, 53), o.codes());
    }

    @Test
    void readsOverloadedFileAndSnameFields() {
        byte[] sname = bytes("0c04 6b696c6e", "ff", 57);                   // 12 "kiln" in sname
        byte[] file = bytes("3c09", Packets.hexOf("PXEClient"), "0c01 31", "ff", 113); // 60, then more of 12
        byte[] wire = bytes("01010600 00000002 00000000", 16, "020000000002", 10, sname, file, Packets.COOKIE);
        wire = bytes(wire, "3501 01", "3401 03", "0c02 6e6f", "ff", 50);
        DhcpMessage m = decode(wire);
        assertEquals("", m.sname(), "sname carries options, not a name");
        assertEquals("", m.file());
        // options field first, then file, then sname (RFC 3396 section 5); 52 itself is framing and dropped
        assertEquals(Optional.of("no1kiln"), m.options().hostname());
        assertEquals(Optional.of("PXEClient"), m.options().vendorClass());
        assertFalse(m.options().contains(DhcpOption.OVERLOAD));
    }

    @Test
    void bootpWithoutMessageTypeIsNotMalformed() {
        byte[] wire = bytes("01010600 00000003 00000000", 16, "020000000003", 10, Packets.NO_NAMES, Packets.COOKIE, "ff", 59);
        DhcpMessage m = decode(wire);
        assertTrue(m.isBootp());
        assertEquals(Optional.empty(), m.messageType());
    }

    @Test
    void unknownMessageTypeIsNeitherModelledNorBootp() {
        byte[] wire = bytes("01010600 00000004 00000000", 16, "020000000004", 10, Packets.NO_NAMES, Packets.COOKIE,
                "3501 0a", "ff", 56);
        DhcpMessage m = decode(wire);
        assertFalse(m.isBootp());
        assertEquals(Optional.empty(), m.messageType());
        assertEquals(OptionalInt.of(10), m.options().uint8(DhcpOption.MESSAGE_TYPE));
    }

    @Test
    void toleratesMissingEndAndNulTerminatedFieldsThatFillTheirWidth() {
        String sname = "s".repeat(64);
        String file = "f".repeat(128);
        byte[] wire = bytes("02010600 00000005 00000000", 16, "020000000005", 10,
                Packets.hexOf(sname), Packets.hexOf(file), Packets.COOKIE, "3501 02");
        DhcpMessage m = decode(wire);
        assertEquals(sname, m.sname());
        assertEquals(file, m.file());
        assertEquals(Optional.of(MessageType.OFFER), m.messageType());
    }

    @Test
    void decodesFromTheReaderIndexOfALargerBuffer() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(bytes("deadbeef"));
        buf.writeBytes(Packets.EDK2_PXE_DISCOVER);
        buf.readerIndex(4);
        try {
            assertEquals("52:54:00:fa:00:10", CODEC.decode(buf).macString());
            assertEquals(buf.writerIndex(), buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void acceptsALarge65535ByteDatagram() {
        byte[] wire = Arrays.copyOf(Packets.RFC2131_DISCOVER, DhcpCodec.MAX_UDP_PAYLOAD);
        assertEquals(Optional.of(MessageType.DISCOVER), decode(wire).messageType());
    }

    @Test
    void refusesToEncodeBeyondTheLimitAndWritesNothing() {
        DhcpMessage m = DhcpMessage.builder().option(DhcpOption.VENDOR_SPECIFIC, new byte[600]).build();
        ByteBuf buf = Unpooled.buffer();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CODEC.encode(m, buf, DhcpCodec.DEFAULT_MAX_REPLY_LENGTH));
            assertTrue(e.getMessage().contains("needs 847 bytes, limit is 548"), e.getMessage());
            assertEquals(0, buf.writerIndex());
            CODEC.encode(m, buf); // fits the default one-frame limit
            assertEquals(847, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "option 57 = {0} -> {1}")
    @CsvSource({"-1, 548", "100, 548", "576, 548", "1000, 972", "1500, 1472", "65535, 1472"})
    void maxReplyLengthFollowsOption57(int option57, int expected) {
        DhcpMessage.Builder b = DhcpMessage.builder().op(DhcpMessage.BOOTREQUEST);
        if (option57 >= 0) b.options().putUint16(DhcpOption.MAX_MESSAGE_SIZE, option57);
        assertEquals(expected, DhcpCodec.maxReplyLength(b.build()));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
