package io.kiln.dhcp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import io.kiln.dhcp.internal.codec.DhcpDatagramDecoder;
import io.kiln.dhcp.internal.codec.DhcpDatagramEncoder;
import io.kiln.dhcp.internal.codec.InboundDhcp;
import io.kiln.dhcp.internal.codec.MessageType;
import io.kiln.dhcp.internal.codec.OutboundDhcp;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Netty layer: one UDP socket per listener, each bound to its interface with SO_BINDTODEVICE (native
 * epoll) so a broadcast is answered on the interface it came in on; a wildcard listener uses a plain NIO socket.
 * Decoding, deciding and encoding happen on the socket's event loop; nothing blocks there but the lease journal's
 * buffered append. Watch sockets on the client port (68) of each interface only pass other servers' replies to
 * {@link RogueServers}; they never answer.
 */
final class DhcpSockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpSockets.class);
    private static final int SOL_SOCKET = 1, SO_BINDTODEVICE = 25;

    private final DhcpConfig config;
    private final DhcpResponder responder;
    private final DhcpCounters counters;
    private final List<Channel> channels = new ArrayList<>();
    private final DhcpDatagramEncoder encoder = new DhcpDatagramEncoder();
    private final DhcpDatagramDecoder decoder;
    private final ChannelHandler countReceived;
    /** Other servers' replies go here; null when not watched. */
    private final RogueServers rogue;
    /** The watch sockets' decoder: what they drop is not the server's business (and not counted as malformed). */
    private final DhcpDatagramDecoder watchDecoder = new DhcpDatagramDecoder(new java.util.concurrent.atomic.LongAdder());
    private EventLoopGroup epoll, nio;
    /** Durable leases: ACKs wait for their journal line to be on disk; null when off or in proxy mode. */
    private final GroupCommit durable;

    DhcpSockets(DhcpConfig config, DhcpResponder responder, DhcpCounters counters, RogueServers rogue, GroupCommit durable) {
        this.config = config;
        this.durable = durable;
        this.responder = responder;
        this.counters = counters;
        this.rogue = rogue;
        this.decoder = new DhcpDatagramDecoder(counters.malformed);
        this.countReceived = new ReceiveCounter(counters);
    }

    /** Binds every listener it can; a port that cannot be bound is logged with the fix and skipped. */
    List<String> bind(List<Listener> listeners) {
        List<String> bound = new ArrayList<>();
        for (Listener l : listeners) {
            try {
                channels.add(open(l, false));
                bound.add(l.describe());
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.error("Kiln DHCP cannot listen on {}: {}. Ports below 1024 need root or CAP_NET_BIND_SERVICE; "
                        + "or set port/proxyPort in etc/io.kiln.dhcp.cfg.", l.describe(), why);
            }
        }
        return bound;
    }

    /**
     * Opens a watch socket on each listener (the client port of an interface); one that cannot be bound (another
     * DHCP client holds the port without SO_REUSEADDR) is logged and skipped: the server serves without it.
     */
    List<String> watch(List<Listener> listeners) {
        List<String> bound = new ArrayList<>();
        for (Listener l : listeners) {
            try {
                channels.add(open(l, true));
                bound.add(l.describe());
            } catch (Exception e) {
                LOG.warn("Kiln DHCP cannot watch for other DHCP servers on {}: {}", l.describe(), e.getMessage());
            }
        }
        return bound;
    }

    private Channel open(Listener l, boolean watch) throws InterruptedException {
        Bootstrap b = new Bootstrap().option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_RCVBUF, watch ? 256 << 10 : 4 << 20)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (watch) ch.pipeline().addLast(watchDecoder, new Watcher(l));
                        else ch.pipeline().addLast(countReceived, decoder, encoder, new Handler(l));
                    }
                });
        if (watch) b.option(ChannelOption.SO_REUSEADDR, true);
        if (l.iface() != null) {
            if (!Epoll.isAvailable()) {
                throw new IllegalStateException("binding to interface " + l.iface() + " needs Netty's native epoll transport, "
                        + "which is not available here: " + Epoll.unavailabilityCause());
            }
            if (epoll == null) epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            byte[] name = l.iface().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer dev = ByteBuffer.allocateDirect(name.length + 1);
            dev.put(name).put((byte) 0).flip();
            b.group(epoll).channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.SO_REUSEPORT, true)
                    .option(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, dev.capacity()), dev);
        } else {
            if (nio == null) nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            b.group(nio).channel(NioDatagramChannel.class).option(ChannelOption.SO_REUSEADDR, true);
        }
        return b.bind(new InetSocketAddress(l.port())).sync().channel();
    }

    /** Decide: the pipeline's decoder already dropped and counted malformed datagrams. */
    private final class Handler extends SimpleChannelInboundHandler<InboundDhcp> {
        private final Listener listener;
        /** When "not answered" was last logged (nanoTime, 0 = never); races only cost an extra line. */
        private volatile long lastUnavailableWarning;
        private volatile long lastJournalWarning;

        Handler(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, InboundDhcp in) {
            RequestView request = CodecBridge.view(in.message());
            if (request == null) { // a BOOTREPLY: another server's traffic
                if (rogue != null && !in.message().isRequest()) rogue.reply(in.message(), listener, in.sender(), System.currentTimeMillis());
                return;
            }
            Optional<Reply> reply;
            try {
                reply = responder.respond(request, listener, in.sender());
            } catch (io.kiln.api.KilnException e) {
                // the inventory cannot answer (not loaded yet, store down): no reply beats a wrong one; say so once a minute
                counters.ignored.increment();
                counters.byType.request(DhcpResponder.typeName(request.type()));
                counters.byType.drop(DhcpResponder.typeName(request.type()), DhcpMetrics.INVENTORY_UNAVAILABLE);
                counters.refused.get(Refusal.INVENTORY_UNAVAILABLE).increment();
                long now = System.nanoTime();
                if (now - lastUnavailableWarning > 60_000_000_000L || lastUnavailableWarning == 0) {
                    lastUnavailableWarning = now;
                    LOG.warn("DHCP requests are not answered while the inventory cannot be read: {}", e.getMessage());
                }
                return;
            } catch (java.io.UncheckedIOException e) {
                // the lease journal cannot be written (disk full or failing): no lease is promised; kiln:status says why
                counters.ignored.increment();
                long now = System.nanoTime();
                if (now - lastJournalWarning > 60_000_000_000L || lastJournalWarning == 0) {
                    lastJournalWarning = now;
                    LOG.error("DHCP requests that change a lease are not answered: {}", e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("DHCP request from {} failed: {}", request.mac(), e.getMessage(), e);
                return;
            }
            if (reply.isEmpty()) return;
            InetSocketAddress to = reply.get().to();
            OutboundDhcp out = new OutboundDhcp(CodecBridge.reply(request, reply.get().spec()), to);
            if (durable != null && reply.get().spec().type == MessageType.ACK.code()) {
                durable.afterDurable(ctx.executor(), () -> send(ctx, out, request.mac()));
            } else {
                send(ctx, out, request.mac());
            }
        }

        private void send(ChannelHandlerContext ctx, OutboundDhcp out, String mac) {
            // each reply on its own (sendto), not gathered into one sendmmsg: bench/dhcp measured bursts of replies
            // (recvmmsg + one flush per burst) overflowing perfdhcp's receive buffer at rates one-by-one replies
            // sustained (2026-12-08: 0 % loss at 8,000/s broadcast one by one, losses at 5,700/s batched)
            ctx.writeAndFlush(out).addListener(f -> {
                if (f.isSuccess()) counters.replied.increment();
                else LOG.warn("DHCP reply to {} via {} failed: {}", mac, out.recipient(), f.cause().getMessage());
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("DHCP socket {}: {}", listener.describe(), cause.getMessage());
        }
    }

    /** A watch socket's handler: other servers' replies to RogueServers, nothing else. */
    private final class Watcher extends SimpleChannelInboundHandler<InboundDhcp> {
        private final Listener listener;

        Watcher(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, InboundDhcp in) {
            if (rogue != null && !in.message().isRequest()) rogue.reply(in.message(), listener, in.sender(), System.currentTimeMillis());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("DHCP watch socket {}: {}", listener.describe(), cause.getMessage());
        }
    }

    @Override
    public void close() {
        for (Channel c : channels) c.close().awaitUninterruptibly();
        if (epoll != null) epoll.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        if (nio != null) nio.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
