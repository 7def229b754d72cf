package io.kiln.dhcp.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Objects;

/**
 * Turns each {@link OutboundDhcp} into a UDP datagram addressed to its recipient; stateless, hence {@link Sharable}.
 *
 * <p>A message over its size limit fails the write's promise with an {@code EncoderException}: that is a
 * server bug (too many options for the client), not something to hide.
 */
@Sharable
public final class DhcpDatagramEncoder extends MessageToMessageEncoder<OutboundDhcp> {
    private final DhcpCodec codec;

    public DhcpDatagramEncoder(DhcpCodec codec) {
        super(OutboundDhcp.class);
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public DhcpDatagramEncoder() {
        this(DhcpCodec.DEFAULT);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundDhcp msg, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(codec.encodedLength(msg.message()));
        boolean added = false;
        try {
            codec.encode(msg.message(), buf, msg.maxLength());
            out.add(new DatagramPacket(buf, msg.recipient()));
            added = true;
        } finally {
            if (!added) buf.release();
        }
    }
}
