package io.kiln.dhcp.internal.codec;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each UDP datagram into an {@link InboundDhcp}; malformed datagrams are counted and dropped.
 *
 * <p>A DHCP port receives whatever anyone broadcasts, so a bad packet is an expected event, not a pipeline
 * error: it is logged at debug, reported to the callback, and never propagated. Stateless, hence
 * {@link Sharable}; the superclass releases each datagram after decoding, the message holds no buffer.
 */
@Sharable
public final class DhcpDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpDatagramDecoder.class);

    private final DhcpCodec codec;
    private final Runnable onMalformed;

    /**
     * @param codec       the codec to decode with
     * @param onMalformed called once per dropped datagram, on the event loop; must be cheap
     */
    public DhcpDatagramDecoder(DhcpCodec codec, Runnable onMalformed) {
        super(DatagramPacket.class);
        this.codec = Objects.requireNonNull(codec, "codec");
        this.onMalformed = Objects.requireNonNull(onMalformed, "onMalformed");
    }

    /** Decodes with {@link DhcpCodec#DEFAULT} and counts malformed datagrams in {@code malformed}. */
    public DhcpDatagramDecoder(LongAdder malformed) {
        this(DhcpCodec.DEFAULT, malformed::increment);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        try {
            out.add(new InboundDhcp(codec.decode(packet.content()), packet.sender(), packet.recipient()));
        } catch (MalformedDhcpException e) {
            onMalformed.run();
            LOG.debug("dropped malformed DHCP datagram from {}: {}", packet.sender(), e.getMessage());
        }
    }
}
