package io.kiln.dhcp.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts every datagram before decoding, so received = answered + ignored + malformed (+ replies seen). */
@ChannelHandler.Sharable
final class ReceiveCounter extends ChannelInboundHandlerAdapter {
    private final DhcpCounters counters;

    ReceiveCounter(DhcpCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        counters.received.increment();
        ctx.fireChannelRead(msg);
    }
}
