package io.kiln.dhcp.internal.ra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NdpCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * iPXE's router solicitation as captured (tcpdump) on FirmwareBootIT's bridge: SeaBIOS + iPXE ROM, virtio NIC
     * 52:54:00:09:00:01, from fe80::5054:ff:fe09:1 to ff02::2, hop limit 255. ICMPv6 type 133, code 0, checksum,
     * reserved, then its source link-layer address option.
     */
    static final byte[] IPXE_RS = HEX.parseHex("8500da7100000000" + "0101525400090001");

    @Test
    void readsIpxesSolicitationWithItsLinkLayerAddress() throws Exception {
        RouterSolicitation rs = NdpCodec.parseSolicitation(IPXE_RS, IPXE_RS.length, 255, false);
        assertArrayEquals(HEX.parseHex("525400090001"), rs.sourceLinkLayer().orElseThrow());
    }

    /** Kiln's answer to it, captured 10 ms later (checksum fa49 filled in by the kernel), is what the codec encodes. */
    @Test
    void kilnsCapturedAnswerIsTheEncodedAdvertisement() {
        byte[] captured = HEX.parseHex("8600fa4900000000" + "0000000000000000" + "010102fb9af92a0d");
        byte[] encoded = NdpCodec.routerAdvertisement(HEX.parseHex("02fb9af92a0d"));
        captured[2] = captured[3] = 0;
        assertArrayEquals(captured, encoded);
    }

    @Test
    void aBareSolicitationFromTheUnspecifiedAddressIsValid() throws Exception {
        byte[] bare = HEX.parseHex("8500000000000000");
        assertTrue(NdpCodec.parseSolicitation(bare, 8, 255, true).sourceLinkLayer().isEmpty());
    }

    @Test
    void unknownOptionsAreSkipped() throws Exception {
        // a nonce option (type 14, RFC 3971) before the link-layer address
        byte[] rs = HEX.parseHex("8500000000000000" + "0e01010203040506" + "0101525400990010");
        assertArrayEquals(HEX.parseHex("525400990010"), NdpCodec.parseSolicitation(rs, rs.length, 255, false).sourceLinkLayer().orElseThrow());
    }

    @Test
    void onlyTheReceivedBytesCount() throws Exception {
        byte[] buffer = new byte[1500];
        System.arraycopy(IPXE_RS, 0, buffer, 0, IPXE_RS.length);
        assertTrue(NdpCodec.parseSolicitation(buffer, IPXE_RS.length, 255, false).sourceLinkLayer().isPresent());
    }

    @Test
    void refusesWhatRfc4861Section611Refuses() {
        assertEquals("hop limit 64, not 255 (not from this link)", refused(IPXE_RS, IPXE_RS.length, 64, false));
        assertEquals("shorter than 8 bytes (7)", refused(IPXE_RS, 7, 255, false));
        assertEquals("ICMPv6 type 134, not 133", refused(HEX.parseHex("8600000000000000"), 8, 255, false));
        assertEquals("code 1, not 0", refused(HEX.parseHex("8501000000000000"), 8, 255, false));
        assertEquals("option 1 at byte 8 has length 0", refused(HEX.parseHex("8500000000000000" + "0100525400990010"), 16, 255, false));
        assertEquals("option 1 at byte 8 runs past the end (16 bytes)", refused(HEX.parseHex("8500000000000000" + "0102525400990010"), 16, 255, false));
        assertEquals("truncated option at byte 8", refused(HEX.parseHex("850000000000000001"), 9, 255, false));
        assertEquals("source link-layer address option from the unspecified address", refused(IPXE_RS, IPXE_RS.length, 255, true));
    }

    @Test
    void theAdvertisementIsRouterLifetimeZeroWithNoPrefixAndKilnsLinkLayerAddress() {
        byte[] ra = NdpCodec.routerAdvertisement(HEX.parseHex("0242ac110002"));
        // type 134, code 0, checksum 0 (the kernel's), hop limit 0, M=O=0, lifetime 0, reachable 0, retrans 0, option 1 len 1
        assertEquals("8600" + "0000" + "00" + "00" + "0000" + "00000000" + "00000000" + "0101" + "0242ac110002", HEX.formatHex(ra));
    }

    @Test
    void withoutAMacTheAdvertisementIsItsSixteenByteHeader() {
        assertEquals("86000000000000000000000000000000", HEX.formatHex(NdpCodec.routerAdvertisement(null)));
    }

    private static String refused(byte[] m, int length, int hopLimit, boolean unspecified) {
        return assertThrows(MalformedNdpException.class, () -> NdpCodec.parseSolicitation(m, length, hopLimit, unspecified)).getMessage();
    }
}
