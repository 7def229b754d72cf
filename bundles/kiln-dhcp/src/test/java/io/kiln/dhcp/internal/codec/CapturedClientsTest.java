package io.kiln.dhcp.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decodes DISCOVERs captured from real clients (src/test/resources/captures, see README.txt there). */
class CapturedClientsTest {
    private static final String QEMU_UUID = "6f8b3a2c-1d4e-4f5a-9b7c-0123456789ab";

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // file,          mac,               arch, vendor class,                        ipxe,  uuid
            "udhcpc-pxe.bin,  02:00:0a:fa:00:02, 7,    PXEClient:Arch:00007:UNDI:003000,   false, -",
            "dhclient.bin,    02:00:0a:fa:00:02, -1,   -,                                  false, -",
            "perfdhcp.bin,    00:0c:01:02:03:04, 7,    PXEClient,                          false, -",
            "edk2-pxe.bin,    52:54:00:fa:00:10, 7,    PXEClient:Arch:00007:UNDI:003000,   false, " + QEMU_UUID,
            "edk2-http.bin,   52:54:00:fa:00:11, 16,   HTTPClient:Arch:00016:UNDI:003000,  false, " + QEMU_UUID,
            "ipxe-bios.bin,   52:54:00:fa:00:12, 0,    PXEClient:Arch:00000:UNDI:002001,   true,  " + QEMU_UUID})
    void decodesWhatRealClientsSend(String file, String mac, int arch, String vendorClass, boolean ipxe, String uuid) {
        DhcpMessage m = DhcpCodecTest.decode(Packets.resource(file));
        assertEquals(DhcpMessage.BOOTREQUEST, m.op());
        assertEquals(Optional.of(MessageType.DISCOVER), m.messageType());
        assertEquals(mac, m.macString());
        assertEquals(arch < 0 ? OptionalInt.empty() : OptionalInt.of(arch), m.options().arch());
        assertEquals(Optional.ofNullable(vendorClass), m.options().vendorClass());
        assertEquals(ipxe, m.options().isIpxe());
        assertEquals(Optional.ofNullable(uuid), m.options().uuid());
    }

    /** Every capture re-encodes to its own bytes, zero-padded to 300 where the client sent less. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udhcpc-pxe.bin", "dhclient.bin", "perfdhcp.bin", "edk2-pxe.bin", "edk2-http.bin", "ipxe-bios.bin"})
    void reencodesToTheCapturedBytes(String file) {
        byte[] wire = Packets.resource(file);
        byte[] expected = Arrays.copyOf(wire, Math.max(wire.length, DhcpCodec.BOOTP_MIN_LENGTH));
        assertArrayEquals(expected, DhcpCodecTest.encode(DhcpCodecTest.decode(wire)));
    }

    @Test
    void literalPacketsAreTheCaptures() {
        assertArrayEquals(Packets.resource("edk2-pxe.bin"), Packets.EDK2_PXE_DISCOVER);
        assertArrayEquals(Packets.resource("edk2-http.bin"), Packets.EDK2_HTTP_DISCOVER);
        assertArrayEquals(Packets.resource("ipxe-bios.bin"), Packets.IPXE_DISCOVER);
    }

    @Test
    void udhcpcSendsTheOptionsItWasGiven() {
        DhcpOptions o = DhcpCodecTest.decode(Packets.resource("udhcpc-pxe.bin")).options();
        assertEquals(Optional.of(new ClientInterfaceId(1, 3, 0)), o.clientInterface());
        assertEquals(OptionalInt.of(576), o.maxMessageSize());
        assertArrayEquals(Packets.bytes("01 02000afa0002"), o.clientId().orElseThrow());
    }

    @Test
    void dhclientSendsHostnameAndNoPxeOptions() {
        DhcpOptions o = DhcpCodecTest.decode(Packets.resource("dhclient.bin")).options();
        assertEquals(List.of(53, 12, 55), o.codes());
        assertEquals(Optional.of("vm"), o.hostname());
    }

    @Test
    void ipxeSendsRawUserClassAndItsFeatureList() {
        DhcpOptions o = DhcpCodecTest.decode(Packets.resource("ipxe-bios.bin")).options();
        assertEquals(List.of("iPXE"), o.userClasses());
        assertArrayEquals(Packets.bytes("69505845"), o.get(DhcpOption.USER_CLASS).orElseThrow());
        assertEquals(Optional.of(new ClientInterfaceId(1, 2, 1)), o.clientInterface());
        assertEquals(true, o.hasIpxeOptions());
    }
}
