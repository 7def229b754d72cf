package io.kiln.tftp.internal;

import io.kiln.tftp.internal.codec.TftpCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A read-only TFTP server: one listening channel plus one channel per transfer, all on a small NIO event loop group
 * (no thread per transfer); the protocol lives in the codec and {@link ReadTransfer}, this class only wires Netty.
 */
final class TftpServer implements AutoCloseable {

    private final TftpSettings settings;
    private final TftpStats stats;
    private final TransferLog log;
    private EventLoopGroup group;
    private Channel listener;

    TftpServer(TftpSettings settings, TftpStats stats) {
        this(settings, stats, TransferLog.NONE);
    }

    /** @param log told of each request's outcome (hosts' timelines) */
    TftpServer(TftpSettings settings, TftpStats stats, TransferLog log) {
        this.settings = settings;
        this.stats = stats;
        this.log = log;
    }

    /**
     * Binds the listening port and starts serving.
     *
     * @return the address actually bound (the real port when the configured one is 0)
     * @throws IOException if the port cannot be bound; nothing is left running then
     */
    synchronized InetSocketAddress start() throws IOException {
        if (listener != null) throw new IllegalStateException("already started");
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("kiln-tftp", true), NioIoHandler.newFactory());
        Bootstrap transfers = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                // transfer ports receive only ACKs and ERRORs
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1024));
        RequestHandler requests = new RequestHandler(settings, new TftpRoots(settings.roots()), stats, transfers, log);
        ChannelFuture bind = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                // one byte more than the largest accepted request, so an oversized one is seen as such, not truncated
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(TftpCodec.MAX_REQUEST + 1))
                .handler(requests)
                .bind(settings.bind())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
            Throwable cause = bind.cause();
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
        listener = bind.channel();
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops listening and ends every transfer (shutting the group down closes all its channels, files included). */
    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            listener = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
    }
}
