package io.kiln.tftp.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TftpCodecTest {

    private static final TftpCodec CODEC = TftpCodec.DEFAULT;
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    // RFC 1350 section 5, figure 5-1: | 01 | filename | 0 | mode | 0 |
    private static final byte[] RFC1350_RRQ = {
            0, 1, 'r', 'f', 'c', '1', '3', '5', '0', '.', 't', 'x', 't', 0, 'o', 'c', 't', 'e', 't', 0};

    // captured from atftp 0.8 --option "blksize 1468" --option "windowsize 16" -g -r undionly.kpxe
    private static final byte[] ATFTP_RRQ = {
            0, 1, 'u', 'n', 'd', 'i', 'o', 'n', 'l', 'y', '.', 'k', 'p', 'x', 'e', 0, 'o', 'c', 't', 'e', 't', 0,
            'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '1', '4', '6', '8', 0,
            'w', 'i', 'n', 'd', 'o', 'w', 's', 'i', 'z', 'e', 0, '1', '6', 0};

    // the size query EDK2's PxeBcMtftp4GetFileSize builds: tsize 0 first, then blksize
    private static final byte[] EDK2_TSIZE_RRQ = {
            0, 1, 's', 'n', 'p', 'o', 'n', 'l', 'y', '.', 'e', 'f', 'i', 0, 'o', 'c', 't', 'e', 't', 0,
            't', 's', 'i', 'z', 'e', 0, '0', 0, 'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '1', '4', '6', '8', 0};

    // captured from curl --tftp-blksize 1468 tftp://host/undionly.kpxe
    private static final byte[] CURL_RRQ = {
            0, 1, 'u', 'n', 'd', 'i', 'o', 'n', 'l', 'y', '.', 'k', 'p', 'x', 'e', 0, 'o', 'c', 't', 'e', 't', 0,
            't', 's', 'i', 'z', 'e', 0, '0', 0, 'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '1', '4', '6', '8', 0,
            't', 'i', 'm', 'e', 'o', 'u', 't', 0, '1', 0};

    @Test
    void decodesAndEncodesTheRfc1350ReadRequest() throws Exception {
        assertEquals(new ReadRequest("rfc1350.txt", "octet"), decode(RFC1350_RRQ));
        assertArrayEquals(RFC1350_RRQ, encode(new ReadRequest("rfc1350.txt", "octet")));
    }

    @Test
    void modeIsCaseInsensitive() throws Exception {
        byte[] rrq = {0, 1, 'a', 0, 'N', 'e', 't', 'A', 'S', 'C', 'I', 'I', 0};
        assertEquals("netascii", ((ReadRequest) decode(rrq)).mode());
    }

    @Test
    void decodesAtftpOptionsInOrder() throws Exception {
        ReadRequest rrq = (ReadRequest) decode(ATFTP_RRQ);
        assertEquals("undionly.kpxe", rrq.filename());
        assertEquals(List.of("blksize", "windowsize"), List.copyOf(rrq.options().keySet()));
        assertEquals("1468", rrq.options().get("blksize"));
        assertEquals("16", rrq.options().get("windowsize"));
        assertArrayEquals(ATFTP_RRQ, encode(rrq));
    }

    @Test
    void decodesEdk2SizeQuery() throws Exception {
        ReadRequest rrq = (ReadRequest) decode(EDK2_TSIZE_RRQ);
        assertEquals(List.of("tsize", "blksize"), List.copyOf(rrq.options().keySet()));
        assertEquals("0", rrq.options().get("tsize"));
    }

    @Test
    void decodesCurlOptions() throws Exception {
        ReadRequest rrq = (ReadRequest) decode(CURL_RRQ);
        assertEquals(Map.of("tsize", "0", "blksize", "1468", "timeout", "1"), rrq.options());
    }

    @Test
    void optionNamesAreCaseInsensitiveAndTheFirstDuplicateWins() throws Exception {
        byte[] rrq = {0, 1, 'f', 0, 'o', 'c', 't', 'e', 't', 0,
                'B', 'L', 'K', 'S', 'i', 'z', 'e', 0, '1', '0', '2', '4', 0, 'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '8', 0};
        assertEquals(Map.of("blksize", "1024"), ((ReadRequest) decode(rrq)).options());
    }

    @Test
    void trailingNulPaddingIsTolerated() throws Exception {
        byte[] rrq = {0, 1, 'f', 0, 'o', 'c', 't', 'e', 't', 0, 0, 0, 0};
        assertEquals(new ReadRequest("f", "octet"), decode(rrq));
    }

    @Test
    void decodesWriteRequest() throws Exception {
        byte[] wrq = {0, 2, 'u', 'p', 0, 'o', 'c', 't', 'e', 't', 0};
        assertEquals(new WriteRequest("up", "octet", Map.of()), decode(wrq));
    }

    @Test
    void encodesOptionAckInOrder() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tsize", "3145728");
        options.put("blksize", "1468");
        options.put("windowsize", "16");
        byte[] expected = {0, 6, 't', 's', 'i', 'z', 'e', 0, '3', '1', '4', '5', '7', '2', '8', 0,
                'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '1', '4', '6', '8', 0,
                'w', 'i', 'n', 'd', 'o', 'w', 's', 'i', 'z', 'e', 0, '1', '6', 0};
        assertArrayEquals(expected, encode(new OptionAck(options)));
    }

    @Test
    void optionAckRoundTrips() throws Exception {
        byte[] oack = {0, 6, 'b', 'l', 'k', 's', 'i', 'z', 'e', 0, '5', '1', '2', 0};
        assertEquals(new OptionAck(Map.of("blksize", "512")), decode(oack));
    }

    @Test
    void ackRoundTripsIncludingTheLargestBlockNumber() throws Exception {
        byte[] ack = {0, 4, (byte) 0xff, (byte) 0xff};
        assertEquals(new Ack(65535), decode(ack));
        assertArrayEquals(ack, encode(new Ack(65535)));
    }

    @Test
    void ackPaddingIsIgnored() throws Exception {
        assertEquals(new Ack(7), decode(new byte[]{0, 4, 0, 7, 0, 0}));
    }

    @Test
    void encodesError() {
        byte[] expected = {0, 5, 0, 1, 'F', 'i', 'l', 'e', ' ', 'n', 'o', 't', ' ', 'f', 'o', 'u', 'n', 'd', 0};
        assertArrayEquals(expected, encode(new TftpError(TftpError.FILE_NOT_FOUND, "File not found")));
    }

    @Test
    void decodesErrorEvenWithoutFinalNul() throws Exception {
        assertEquals(new TftpError(8, "abort"), decode(new byte[]{0, 5, 0, 8, 'a', 'b', 'o', 'r', 't', 0}));
        assertEquals(new TftpError(8, "abort"), decode(new byte[]{0, 5, 0, 8, 'a', 'b', 'o', 'r', 't'}));
    }

    @Test
    void dataRoundTrips() throws Exception {
        byte[] data = {0, 3, 1, 0, 'x', 'y', 'z'};
        assertEquals(new Data(256, new byte[]{'x', 'y', 'z'}), decode(data));
        assertArrayEquals(data, encode(new Data(256, new byte[]{'x', 'y', 'z'})));
        assertArrayEquals(new byte[]{0, 3, 0, 9}, encode(new Data(9, new byte[0])));
    }

    @Test
    void dataPacketHeaderWrapsTheBlockNumber() {
        ByteBuf buf = CODEC.dataPacket(ALLOC, 65536 + 2, 10);
        try {
            assertArrayEquals(new byte[]{0, 3, 0, 2}, ByteBufUtil.getBytes(buf));
            assertEquals(true, buf.writableBytes() >= 10);
        } finally {
            buf.release();
        }
    }

    @Test
    void decodeLeavesTheBufferAlone() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(ATFTP_RRQ);
        CODEC.decode(buf);
        assertEquals(0, buf.readerIndex());
        assertEquals(ATFTP_RRQ.length, buf.writerIndex());
        assertEquals(1, buf.refCnt());
    }

    @Test
    void encodeRefusesNulInsideStrings() {
        assertThrows(IllegalArgumentException.class, () -> encode(new ReadRequest("a\0b", "octet")));
    }

    static Stream<Arguments> malformed() {
        byte[] oversizedRequest = new byte[TftpCodec.MAX_REQUEST + 1];
        Arrays.fill(oversizedRequest, (byte) 'a');
        oversizedRequest[0] = 0;
        oversizedRequest[1] = 1;
        oversizedRequest[oversizedRequest.length - 1] = 0;
        byte[] oversizedData = new byte[TftpCodec.MAX_PACKET + 1];
        oversizedData[1] = 3;
        return Stream.of(
                Arguments.of("empty", new byte[0], -1),
                Arguments.of("one byte", new byte[]{0}, -1),
                Arguments.of("truncated ACK", new byte[]{0, 4, 0}, 4),
                Arguments.of("truncated DATA", new byte[]{0, 3, 1}, 3),
                Arguments.of("truncated ERROR", new byte[]{0, 5, 0}, 5),
                Arguments.of("RRQ without anything", new byte[]{0, 1}, 1),
                Arguments.of("filename without NUL", new byte[]{0, 1, 'a', 'b', 'c'}, 1),
                Arguments.of("mode without NUL", new byte[]{0, 1, 'a', 0, 'o', 'c', 't', 'e', 't'}, 1),
                Arguments.of("no mode", new byte[]{0, 1, 'a', 0}, 1),
                Arguments.of("empty filename", new byte[]{0, 1, 0, 'o', 'c', 't', 'e', 't', 0}, 1),
                Arguments.of("empty mode", new byte[]{0, 1, 'a', 0, 0}, 1),
                Arguments.of("option without value", new byte[]{0, 1, 'a', 0, 'o', 'c', 't', 'e', 't', 0,
                        't', 's', 'i', 'z', 'e', 0}, 1),
                Arguments.of("option value without NUL", new byte[]{0, 1, 'a', 0, 'o', 'c', 't', 'e', 't', 0,
                        't', 's', 'i', 'z', 'e', 0, '0'}, 1),
                Arguments.of("empty option name before data", new byte[]{0, 1, 'a', 0, 'o', 'c', 't', 'e', 't', 0,
                        0, 'x', 0}, 1),
                Arguments.of("WRQ without NUL", new byte[]{0, 2, 'a'}, 2),
                Arguments.of("OACK without options", new byte[]{0, 6}, 6),
                Arguments.of("opcode 0", new byte[]{0, 0, 'a', 0, 'o', 'c', 't', 'e', 't', 0}, 0),
                Arguments.of("opcode 7", new byte[]{0, 7, 0, 0}, 7),
                Arguments.of("opcode 0x4745 (an HTTP GET)", "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0x4745),
                Arguments.of("oversized request", oversizedRequest, 1),
                Arguments.of("oversized packet", oversizedData, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedPackets(String what, byte[] packet, int opcode) {
        MalformedTftpException e = assertThrows(MalformedTftpException.class, () -> decode(packet));
        assertEquals(opcode, e.opcode());
    }

    private static TftpMessage decode(byte[] bytes) throws MalformedTftpException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return CODEC.decode(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] encode(TftpMessage msg) {
        ByteBuf buf = CODEC.encode(msg, ALLOC);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
