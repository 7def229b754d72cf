package io.kiln.dhcp.internal.codec;

import static io.kiln.dhcp.internal.codec.Packets.COOKIE;
import static io.kiln.dhcp.internal.codec.Packets.NO_NAMES;
import static io.kiln.dhcp.internal.codec.Packets.bytes;
import static io.kiln.dhcp.internal.codec.DhcpCodecTest.decode;
import static io.kiln.dhcp.internal.codec.DhcpCodecTest.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DhcpCodecMalformedTest {
    /** A valid 240-byte prefix: header with hlen 6 and the cookie, no options yet. */
    private static final String HEADER = "01010600 00000001 00000000";

    private static byte[] withOptions(String... options) {
        Object[] parts = new Object[6 + options.length];
        parts[0] = HEADER;
        parts[1] = 16;
        parts[2] = "020000000001";
        parts[3] = 10 + NO_NAMES;
        parts[4] = COOKIE;
        System.arraycopy(options, 0, parts, 5, options.length);
        parts[parts.length - 1] = "";
        return bytes(parts);
    }

    static Stream<Arguments> malformed() {
        byte[] garbage64k = new byte[65536];
        new Random(64).nextBytes(garbage64k);
        byte[] badCookie = Packets.RFC2131_DISCOVER.clone();
        badCookie[239] = 0x64;
        byte[] hlen17 = Packets.RFC2131_DISCOVER.clone();
        hlen17[2] = 17;
        byte[] op3 = Packets.RFC2131_DISCOVER.clone();
        op3[0] = 3;
        byte[] op0 = Packets.RFC2131_DISCOVER.clone();
        op0[0] = 0;
        return Stream.of(
                Arguments.of("empty", new byte[0], "truncated: 0 bytes"),
                Arguments.of("truncated header", Arrays.copyOf(Packets.RFC2131_DISCOVER, 100), "truncated: 100 bytes"),
                Arguments.of("header without cookie", Arrays.copyOf(Packets.RFC2131_DISCOVER, 236), "truncated: 236 bytes"),
                Arguments.of("one byte short of the cookie", Arrays.copyOf(Packets.RFC2131_DISCOVER, 239), "truncated: 239 bytes"),
                Arguments.of("bad cookie", badCookie, "bad magic cookie 0x63825364, expected 0x63825363"),
                Arguments.of("hlen 17", hlen17, "bad hlen 17"),
                Arguments.of("op 3", op3, "bad op 3"),
                Arguments.of("op 0", op0, "bad op 0"),
                Arguments.of("truncated options (EDK2 DISCOVER cut inside option 55)",
                        Arrays.copyOf(Packets.EDK2_PXE_DISCOVER, 260),
                        "option 55 at offset 247 in options has length 35, running past the end of the options area at 260"),
                Arguments.of("option length past end", withOptions("3501 01", "0c c8 6b696c6e"),
                        "option 12 at offset 243 in options has length 200"),
                Arguments.of("code without length byte", withOptions("3501 01", "0c"),
                        "option 12 at offset 243 in options has no length byte"),
                Arguments.of("message type of two bytes", withOptions("3502 0101", "ff"),
                        "option 53 (message type) has length 2, expected 1"),
                Arguments.of("overload value 4", withOptions("3401 04", "ff"), "option 52 (overload) must be one byte 1..3"),
                Arguments.of("overload into a file field that runs past its end",
                        bytes(HEADER, 16, "020000000001", 10, 64, 126, "0c05", COOKIE, "3401 01", "ff"),
                        "option 12 at offset 234 in file has length 5, running past the end of the file area at 236"),
                Arguments.of("64 KB garbage", garbage64k, "oversized: 65536 bytes, limit 65535"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithASpecificMessage(String name, byte[] packet, String expected) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            MalformedDhcpException e = assertThrows(MalformedDhcpException.class, () -> DhcpCodec.DEFAULT.decode(buf));
            assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
        } finally {
            buf.release();
        }
        if (packet.length > 0) assertEquals(0, buf.refCnt()); // Unpooled's shared empty buffer never reaches 0
    }

    /**
     * Random bytes and mutated real packets must either decode or throw {@link MalformedDhcpException}; what decodes
     * must re-encode, and re-encoding that again must give the same bytes (the first encode may reorder options:
     * 53 and 54 go first, 82 last).
     */
    @Test
    void fuzzNeverThrowsAnythingElse() {
        Random random = new Random(0x6b696c6eL);
        List<byte[]> seeds = List.of(Packets.RFC2131_DISCOVER, Packets.EDK2_PXE_DISCOVER, Packets.IPXE_DISCOVER,
                Packets.RELAYED_REQUEST);
        int decoded = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] packet;
            switch (i % 3) {
                case 0 -> { // pure noise
                    packet = new byte[random.nextInt(1500)];
                    random.nextBytes(packet);
                }
                case 1 -> { // noise behind a valid header, to reach the option parser
                    packet = new byte[241 + random.nextInt(600)];
                    random.nextBytes(packet);
                    System.arraycopy(Packets.RFC2131_DISCOVER, 0, packet, 0, 240);
                    if (random.nextBoolean()) packet[240] = 52; // overload, so file/sname get parsed too
                }
                default -> { // a real packet with a few bytes flipped and maybe truncated
                    byte[] seed = seeds.get(random.nextInt(seeds.size()));
                    packet = Arrays.copyOf(seed, 200 + random.nextInt(seed.length - 150));
                    for (int f = 1 + random.nextInt(4); f > 0; f--) {
                        packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            ByteBuf buf = Unpooled.wrappedBuffer(packet);
            try {
                DhcpMessage m = DhcpCodec.DEFAULT.decode(buf);
                decoded++;
                byte[] once = encode(m);
                DhcpMessage back = decode(once);
                assertEquals(m.options().size(), back.options().size());
                assertEquals(m.macString(), back.macString());
                assertArrayEquals(once, encode(back), "re-encode of iteration " + i);
            } catch (MalformedDhcpException expected) {
                // fine
            } catch (RuntimeException | AssertionError e) {
                fail("iteration " + i + " threw " + e + " for " + ByteBufUtil.hexDump(packet), e);
            } finally {
                buf.release();
            }
        }
        assertTrue(decoded > 1000, "the fuzz should also reach successful decodes, got " + decoded);
    }
}
