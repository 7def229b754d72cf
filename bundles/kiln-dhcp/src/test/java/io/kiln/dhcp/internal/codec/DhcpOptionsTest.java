package io.kiln.dhcp.internal.codec;

import static io.kiln.dhcp.internal.codec.Packets.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DhcpOptionsTest {
    private static DhcpOptions of(int code, String hex) {
        return DhcpOptions.builder().put(code, bytes(hex)).build();
    }

    static Stream<Arguments> userClasses() {
        return Stream.of(
                Arguments.of("iPXE raw (what iPXE sends)", "69505845", List.of("iPXE")),
                Arguments.of("iPXE per RFC 3004", "04 69505845", List.of("iPXE")),
                Arguments.of("two RFC 3004 classes", "03 666f6f 03 626172", List.of("foo", "bar")),
                Arguments.of("length prefix that does not add up is raw", "05 6162", List.of("\u0005ab")),
                Arguments.of("zero length is not RFC 3004", "00 6162", List.of("\u0000ab")),
                Arguments.of("empty", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userClasses")
    void userClassesAcceptBothForms(String name, String hex, List<String> expected) {
        assertEquals(expected, of(DhcpOption.USER_CLASS, hex).userClasses());
    }

    @Test
    void ipxeIsRecognisedByUserClassOrOption175() {
        assertTrue(of(DhcpOption.USER_CLASS, "69505845").isIpxe());
        assertTrue(of(DhcpOption.USER_CLASS, "04 69505845").isIpxe());
        DhcpOptions only175 = of(DhcpOption.IPXE_ENCAPSULATED, "b105011af41000");
        assertTrue(only175.hasIpxeOptions());
        assertTrue(only175.isIpxe());
        assertFalse(of(DhcpOption.USER_CLASS, "03 666f6f").isIpxe());
        assertFalse(DhcpOptions.empty().isIpxe());
    }

    @ParameterizedTest(name = "option 97 = {0}")
    @CsvSource({
            "00 2c3a8b6f 4e1d 5a4f 9b7c 0123456789ab, 6f8b3a2c-1d4e-4f5a-9b7c-0123456789ab",
            "00 33221100 5544 7766 8899 aabbccddeeff, 00112233-4455-6677-8899-aabbccddeeff",
            "00 00000000 0000 0000 0000 000000000000, ",
            "01 2c3a8b6f 4e1d 5a4f 9b7c 0123456789ab, ",
            "2c3a8b6f 4e1d 5a4f 9b7c 0123456789ab, "})
    void uuidSwapsTheSmbiosLittleEndianFields(String wire, String expected) {
        assertEquals(Optional.ofNullable(expected), of(DhcpOption.CLIENT_MACHINE_ID, wire).uuid());
    }

    @Test
    void machineIdIsTheRawBytes() {
        assertArrayEquals(bytes("2c3a8b6f4e1d5a4f9b7c0123456789ab"),
                of(DhcpOption.CLIENT_MACHINE_ID, "00 2c3a8b6f4e1d5a4f9b7c0123456789ab").machineId().orElseThrow());
    }

    @ParameterizedTest(name = "option 93 = [{0}]")
    @CsvSource({"0007, 7, 1", "0010, 16, 1", "0000, 0, 1", "0007 0009, 7, 2", "000007, -1, 0", "'', -1, 0"})
    void archIsTheFirstOfTheList(String wire, int arch, int count) {
        DhcpOptions o = of(DhcpOption.CLIENT_ARCH, wire);
        assertEquals(arch < 0 ? OptionalInt.empty() : OptionalInt.of(arch), o.arch());
        assertEquals(count, o.arches().size());
    }

    @Test
    void clientInterfaceNeedsThreeBytes() {
        assertEquals(Optional.of(new ClientInterfaceId(1, 3, 16)), of(DhcpOption.CLIENT_NDI, "01 03 10").clientInterface());
        assertEquals(Optional.empty(), of(DhcpOption.CLIENT_NDI, "01 03").clientInterface());
    }

    @Test
    void relayAgentInfoParsesSubOptions() {
        RelayAgentInfo r = of(DhcpOption.RELAY_AGENT_INFO, "01 03 616263 02 02 0102 09 00").relayAgentInfo().orElseThrow();
        assertArrayEquals("abc".getBytes(), r.circuitId().orElseThrow());
        assertArrayEquals(bytes("0102"), r.remoteId().orElseThrow());
        assertEquals(List.of(1, 2, 9), List.copyOf(r.codes()));
        assertArrayEquals(bytes("01 03 616263 02 02 0102 09 00"), r.raw());
        assertEquals(Optional.empty(), of(DhcpOption.RELAY_AGENT_INFO, "01 05 6162").relayAgentInfo());
        assertEquals(Optional.empty(), of(DhcpOption.RELAY_AGENT_INFO, "01").relayAgentInfo());
        assertEquals(Optional.empty(), RelayAgentInfo.parse(bytes("02 00")).orElseThrow().circuitId());
    }

    @Test
    void typedReadersTreatWrongShapesAsAbsent() throws Exception {
        DhcpOptions o = DhcpOptions.builder()
                .put(DhcpOption.LEASE_TIME, bytes("ffffffff"))
                .put(DhcpOption.SERVER_ID, bytes("0afa00"))
                .put(DhcpOption.ROUTER, bytes("0afa0001 0afa0002"))
                .put(DhcpOption.DNS_SERVERS, bytes("0afa0001 0a"))
                .put(DhcpOption.HOSTNAME, bytes("6b696c6e 00"))
                .put(DhcpOption.MAX_MESSAGE_SIZE, bytes("05"))
                .build();
        assertEquals(OptionalLong.of(0xffffffffL), o.leaseTime());
        assertEquals(Optional.empty(), o.serverId());
        assertEquals(List.of(InetAddress.getByName("10.250.0.1"), InetAddress.getByName("10.250.0.2")),
                o.addresses(DhcpOption.ROUTER));
        assertEquals(List.of(), o.addresses(DhcpOption.DNS_SERVERS));
        assertEquals(Optional.of("kiln"), o.hostname(), "a trailing NUL is dropped");
        assertEquals(OptionalInt.empty(), o.maxMessageSize());
        assertEquals(Optional.empty(), o.bootfileName());
    }

    @ParameterizedTest(name = "option {0} cannot be set")
    @ValueSource(ints = {0, 52, 255, -1, 256})
    void builderRefusesFramingCodes(int code) {
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().put(code, new byte[1]));
    }

    @Test
    void builderKeepsOrderReplacesInPlaceAndCopies() {
        byte[] value = bytes("01");
        DhcpOptions.Builder b = DhcpOptions.builder().put(1, value).put(3, bytes("02")).put(1, bytes("03"));
        value[0] = 9;
        DhcpOptions o = b.build();
        assertEquals(List.of(1, 3), o.codes());
        assertArrayEquals(bytes("03"), o.get(1).orElseThrow());
        o.get(1).orElseThrow()[0] = 7;
        assertArrayEquals(bytes("03"), o.get(1).orElseThrow(), "get returns a copy");
        assertEquals(o, o.toBuilder().build());
        assertEquals(List.of(3), o.toBuilder().remove(1).build().codes());
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().putUint16(57, 70000));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().putString(12, "k\u0101ln"));
    }

    @Test
    void equalityDependsOnOrder() {
        DhcpOptions a = DhcpOptions.builder().putUint8(1, 1).putUint8(3, 3).build();
        DhcpOptions b = DhcpOptions.builder().putUint8(3, 3).putUint8(1, 1).build();
        assertFalse(a.equals(b));
        assertEquals(a, DhcpOptions.builder().putUint8(1, 1).putUint8(3, 3).build());
        assertEquals(a.hashCode(), DhcpOptions.builder().putUint8(1, 1).putUint8(3, 3).build().hashCode());
    }

    @Test
    void pxeDiscoveryControlForProxyDhcp() {
        assertArrayEquals(bytes("06 01 08 ff"), PxeVendorOptions.useBootFileFromReply());
        assertArrayEquals(bytes("06 01 03 ff"), PxeVendorOptions.discoveryControl(3));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"53, message-type", "93, client-arch", "175, ipxe-encapsulated", "82, relay-agent-info", "200, option-200"})
    void optionNames(int code, String name) {
        assertEquals(name, DhcpOption.name(code));
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"1, DISCOVER", "2, OFFER", "3, REQUEST", "4, DECLINE", "5, ACK", "6, NAK", "7, RELEASE", "8, INFORM"})
    void messageTypes(int code, MessageType type) {
        assertEquals(Optional.of(type), MessageType.of(code));
        assertEquals(code, type.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 10, 255})
    void unknownMessageTypes(int code) {
        assertEquals(Optional.empty(), MessageType.of(code));
    }
}
