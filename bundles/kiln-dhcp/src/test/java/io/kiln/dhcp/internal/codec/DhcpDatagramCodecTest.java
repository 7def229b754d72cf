package io.kiln.dhcp.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.EncoderException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class DhcpDatagramCodecTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("0.0.0.0", 68);
    private static final InetSocketAddress SERVER = new InetSocketAddress("0.0.0.0", 67);
    private static final InetSocketAddress BROADCAST = new InetSocketAddress("255.255.255.255", 68);

    private static DatagramPacket datagram(byte[] payload) {
        // not Unpooled.copiedBuffer: for 0 bytes it returns the shared empty buffer, whose refCnt never drops
        return new DatagramPacket(Unpooled.buffer(payload.length).writeBytes(payload), SERVER, CLIENT);
    }

    @Test
    void dropsAndCountsGarbageThenPassesAGoodPacket() {
        LongAdder malformed = new LongAdder();
        EmbeddedChannel ch = new EmbeddedChannel(new DhcpDatagramDecoder(malformed));
        byte[] noise = new byte[400];
        new Random(1).nextBytes(noise);
        DatagramPacket[] bad = {datagram(new byte[0]), datagram(noise), datagram(Arrays.copyOf(Packets.IPXE_DISCOVER, 250))};
        for (DatagramPacket p : bad) assertFalse(ch.writeInbound(p), "nothing passes for garbage");
        assertEquals(3, malformed.sum());
        assertNull(ch.readInbound());

        DatagramPacket good = datagram(Packets.EDK2_PXE_DISCOVER);
        assertTrue(ch.writeInbound(good));
        InboundDhcp in = ch.readInbound();
        assertEquals("52:54:00:fa:00:10", in.message().macString());
        assertEquals(CLIENT, in.sender());
        assertEquals(SERVER, in.recipient());
        assertEquals(3, malformed.sum());

        for (DatagramPacket p : bad) assertEquals(0, p.refCnt(), "dropped datagrams are released");
        assertEquals(0, good.refCnt(), "decoded datagrams are released");
        assertFalse(ch.finish());
    }

    @Test
    void decoderIsSharableAndCallsTheCallback() {
        int[] calls = {0};
        DhcpDatagramDecoder decoder = new DhcpDatagramDecoder(DhcpCodec.DEFAULT, () -> calls[0]++);
        assertTrue(decoder.isSharable());
        EmbeddedChannel a = new EmbeddedChannel(decoder);
        EmbeddedChannel b = new EmbeddedChannel(decoder);
        a.writeInbound(datagram(new byte[10]));
        b.writeInbound(datagram(new byte[10]));
        assertEquals(2, calls[0]);
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void encoderAddressesTheDatagram() {
        DhcpDatagramEncoder encoder = new DhcpDatagramEncoder();
        assertTrue(encoder.isSharable());
        EmbeddedChannel ch = new EmbeddedChannel(encoder);
        DhcpMessage request = DhcpCodecTest.decode(Packets.EDK2_PXE_DISCOVER);
        DhcpMessage offer = request.replyBuilder()
                .messageType(MessageType.OFFER)
                .file("snponly.efi")
                .build();
        assertTrue(ch.writeOutbound(OutboundDhcp.replyTo(request, offer, BROADCAST)));
        DatagramPacket out = ch.readOutbound();
        try {
            assertEquals(BROADCAST, out.recipient());
            assertEquals(300, out.content().readableBytes());
            byte[] wire = ByteBufUtil.getBytes(out.content());
            assertArrayEquals(DhcpCodecTest.encode(offer), wire);
            assertEquals(offer, DhcpCodecTest.decode(wire));
        } finally {
            out.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void encoderFailsAnOversizedReplyWithoutLeaking() {
        EmbeddedChannel ch = new EmbeddedChannel(new DhcpDatagramEncoder());
        DhcpMessage big = DhcpMessage.builder().option(DhcpOption.VENDOR_SPECIFIC, new byte[1000]).build();
        EncoderException e = assertThrows(EncoderException.class,
                () -> ch.writeOutbound(new OutboundDhcp(big, BROADCAST, DhcpCodec.DEFAULT_MAX_REPLY_LENGTH)));
        assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }
}
