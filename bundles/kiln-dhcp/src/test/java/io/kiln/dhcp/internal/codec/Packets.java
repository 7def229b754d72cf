package io.kiln.dhcp.internal.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Byte-exact DHCP packets for the tests, written as hex pieces plus runs of zero bytes.
 *
 * <p>The EDK2 and iPXE packets are the captures in {@code src/test/resources/captures} (see README.txt there),
 * transcribed option by option so a reader sees what each client sends.
 */
final class Packets {
    private Packets() {
    }

    /** Concatenates hex strings (whitespace ignored), byte arrays and, for an Integer n, n zero bytes. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer n) {
                out.writeBytes(new byte[n]);
            } else if (part instanceof byte[] b) {
                out.writeBytes(b);
            } else {
                out.writeBytes(HexFormat.of().parseHex(((String) part).replaceAll("\\s+", "")));
            }
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = Packets.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) throw new IllegalArgumentException("no capture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String COOKIE = "63825363";
    /** sname (64) + file (128), empty. */
    static final int NO_NAMES = 192;

    /**
     * A DISCOVER as in RFC 2131 section 4.4.1 (Wireshark's classic dhcp.pcap client): client id, requested IP
     * 0.0.0.0, parameter list 1 3 6 42, padded to 300 bytes.
     */
    static final byte[] RFC2131_DISCOVER = bytes(
            "01 01 06 00", "3903f326", "0000 0000",             // op htype hlen hops, xid, secs flags
            "00000000 00000000 00000000 00000000",              // ciaddr yiaddr siaddr giaddr
            "000b8201fc42", 10, NO_NAMES, COOKIE,               // chaddr (6 + 10 zero), sname, file, cookie
            "35 01 01",                                         // 53 DISCOVER
            "3d 07 01 000b8201fc42",                            // 61 client id
            "32 04 00000000",                                   // 50 requested IP
            "37 04 01 03 06 2a",                                // 55 parameter request list
            "ff", 35);                                          // END, pad to 300

    /** EDK2 (OVMF 2022.11) UEFI PXE, as captured: broadcast flag, arch 7, UNDI 3.0, QEMU's UUID, no padding. */
    static final byte[] EDK2_PXE_DISCOVER = bytes(
            "01 01 06 00", "81e12bcf", "0000 8000",
            "00000000 00000000 00000000 00000000",
            "525400fa0010", 10, NO_NAMES, COOKIE,
            "35 01 01",
            "39 02 05c0",                                       // 57 max message size 1472
            "37 23 0102030405060c0d0f111216171c28292a2b3233363a3b3c4243618081828384858687",
            "61 11 00 2c3a8b6f4e1d5a4f9b7c0123456789ab",        // 97 type 0 + UUID, SMBIOS byte order
            "5e 03 01 03 00",                                   // 94 UNDI 3.0
            "5d 02 0007",                                       // 93 x64 UEFI
            "3c 20", hexOf("PXEClient:Arch:00007:UNDI:003000"),
            "ff");

    /** EDK2 UEFI HTTP boot, as captured: arch 16 and option 60 HTTPClient. */
    static final byte[] EDK2_HTTP_DISCOVER = bytes(
            "01 01 06 00", "cac0b3f0", "0000 8000",
            "00000000 00000000 00000000 00000000",
            "525400fa0011", 10, NO_NAMES, COOKIE,
            "35 01 01",
            "39 02 05c0",
            "37 1b 0102030405060c0d0f111216171c28292a2b3233363a3b3ceb4361",
            "61 11 00 2c3a8b6f4e1d5a4f9b7c0123456789ab",
            "5e 03 01 03 00",
            "5d 02 0010",                                       // 93 x64 UEFI HTTP
            "3c 21", hexOf("HTTPClient:Arch:00016:UNDI:003000"),
            "ff");

    /** iPXE (BIOS, QEMU's virtio ROM), as captured: raw user class "iPXE", option 175, arch 0, UNDI 2.1. */
    static final byte[] IPXE_DISCOVER = bytes(
            "01 01 06 00", "79e7ff14", "0004 0000",
            "00000000 00000000 00000000 00000000",
            "525400fa0012", 10, NO_NAMES, COOKIE,
            "35 01 01",
            "39 02 05c0",
            "5d 02 0000",
            "5e 03 01 02 01",
            "3c 20", hexOf("PXEClient:Arch:00000:UNDI:002001"),
            "4d 04 69505845",                                   // 77 "iPXE", no RFC 3004 length prefix
            "37 17 010306070c0f111a2b3c4243778081828384858687afcb",
            "af 30 b105011af41000eb03010000170101220101130101110101270101190101290101100102210101150101180101120101",
            "3d 07 01 525400fa0012",
            "61 11 00 2c3a8b6f4e1d5a4f9b7c0123456789ab",
            "ff");

    /** Option 82 as a relay adds it: circuit-id "ge-0/0/7.0", remote-id the switch's MAC. */
    static final String OPTION_82 = "52 14 01 0a " + hexOf("ge-0/0/7.0") + " 02 06 001122334455";

    /** A REQUEST forwarded by a relay at 10.250.1.1 (hops 1, giaddr set), option 82 appended last. */
    static final byte[] RELAYED_REQUEST = bytes(
            "01 01 06 01", "0badcafe", "0003 0000",
            "00000000 00000000 00000000 0afa0101",              // giaddr 10.250.1.1
            "020000fa0120", 10, NO_NAMES, COOKIE,
            "35 01 03",                                         // 53 REQUEST
            "36 04 0afa0001",                                   // 54 server id 10.250.0.1
            "32 04 0afa0132",                                   // 50 requested 10.250.1.50
            "37 04 01 03 06 0f",
            OPTION_82,
            "ff", 16);                                          // END, pad to 300

    static String hexOf(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
