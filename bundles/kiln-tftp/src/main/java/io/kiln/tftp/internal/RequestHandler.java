package io.kiln.tftp.internal;

import io.kiln.tftp.internal.codec.MalformedTftpException;
import io.kiln.tftp.internal.codec.ReadRequest;
import io.kiln.tftp.internal.codec.TftpCodec;
import io.kiln.tftp.internal.codec.TftpError;
import io.kiln.tftp.internal.codec.TftpMessage;
import io.kiln.tftp.internal.codec.WriteRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.StandardOpenOption;

/**
 * Handles datagrams on the well-known port: refuses what it must, and gives every accepted RRQ its own channel on a
 * fresh ephemeral port (the server's transfer ID, RFC 1350) running a {@link TransferHandler}.
 *
 * <p>Datagrams are decoded here rather than in a separate decoder stage: a malformed one must be counted and, for a
 * request, answered to its sender, which needs the envelope and the exception together.
 */
@ChannelHandler.Sharable
final class RequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final TftpSettings settings;
    private final TftpRoots roots;
    private final TftpStats stats;
    private final Bootstrap transfers;
    private final InetSocketAddress transferBind;
    private final TransferLog log;

    /**
     * @param transfers a configured bootstrap for transfer channels, cloned per transfer
     * @param log       told of each read request's outcome
     */
    RequestHandler(TftpSettings settings, TftpRoots roots, TftpStats stats, Bootstrap transfers, TransferLog log) {
        this.log = log;
        this.settings = settings;
        this.roots = roots;
        this.stats = stats;
        this.transfers = transfers;
        // same local address as the listener, any port; with a wildcard listener the kernel picks the source address
        // by route (NIO cannot see a datagram's destination address), which is right for single-homed appliances
        this.transferBind = new InetSocketAddress(settings.bind().getAddress(), 0);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        TftpMessage msg;
        try {
            msg = TftpCodec.DEFAULT.decode(packet.content());
        } catch (MalformedTftpException e) {
            stats.malformed();
            LOG.debug("Dropped malformed TFTP datagram from {}: {}", client, e.getMessage());
            // a broken request gets "illegal operation" (RFC 1350) so its client learns why; other junk gets nothing,
            // so the port never reflects traffic nobody asked for
            if (e.opcode() == TftpMessage.RRQ || e.opcode() == TftpMessage.WRQ) {
                error(ctx, client, TftpError.ILLEGAL_OPERATION, "Malformed request: " + e.getMessage());
            }
            return;
        }
        if (msg instanceof ReadRequest rrq) {
            stats.request();
            read(ctx, client, rrq);
        } else if (msg instanceof WriteRequest wrq) {
            stats.request();
            LOG.info("TFTP write request from {} for {} refused: this server is read-only", client, Printable.of(wrq.filename()));
            error(ctx, client, TftpError.ILLEGAL_OPERATION, "Read-only server");
        } else {
            // DATA/ACK/ERROR/OACK belong to a transfer port, never here; an ERROR must never be answered
            LOG.debug("Ignored {} on the request port from {}", msg, client);
        }
    }

    private void read(ChannelHandlerContext ctx, InetSocketAddress client, ReadRequest rrq) {
        // netascii is served as octet: boot files are binary, and real conversion (LF -> CR LF) would change the size
        // that tsize announces and rule out positional reads; clients asking netascii for text get Unix line ends
        if (!rrq.mode().equals("octet") && !rrq.mode().equals("netascii")) {
            error(ctx, client, TftpError.ILLEGAL_OPERATION, "Unsupported mode " + rrq.mode() + ", use octet");
            return;
        }
        TftpRoots.Resolution resolution = roots.resolve(rrq.filename());
        if (resolution instanceof TftpRoots.Denied denied) {
            LOG.warn("TFTP request from {} for {} refused: {}", client, Printable.of(rrq.filename()), denied.reason());
            log.failed(client, rrq.filename(), "tftp-refused", denied.reason());
            error(ctx, client, TftpError.ACCESS_VIOLATION, "Access violation");
            return;
        }
        if (resolution instanceof TftpRoots.NotFound notFound) {
            // debug only: PXE loaders probe many names that do not exist (pxelinux.cfg/01-MAC, ...)
            LOG.debug("TFTP request from {} for {}: not found ({})", client, Printable.of(rrq.filename()), notFound.reason());
            log.failed(client, rrq.filename(), "tftp-not-found", notFound.reason());
            error(ctx, client, TftpError.FILE_NOT_FOUND, "File not found");
            return;
        }
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(((TftpRoots.Found) resolution).file(), StandardOpenOption.READ);
            size = file.size();
        } catch (AccessDeniedException e) {
            LOG.warn("TFTP request from {} for {}: cannot read {}", client, Printable.of(rrq.filename()), e.getFile());
            log.failed(client, rrq.filename(), "tftp-refused", "Kiln may not read " + e.getFile());
            error(ctx, client, TftpError.ACCESS_VIOLATION, "Access violation");
            return;
        } catch (IOException e) {
            LOG.warn("TFTP request from {} for {}: {}", client, Printable.of(rrq.filename()), e.toString());
            error(ctx, client, TftpError.FILE_NOT_FOUND, "File not found");
            return;
        }
        Negotiation n = Negotiation.of(rrq.options(), size, settings.maxBlksize(), settings.timeoutSeconds());
        ReadTransfer transfer = new ReadTransfer(size, n.blksize(), n.windowsize(), settings.retries(), n.sendsOack());
        TransferHandler handler = new TransferHandler(client, rrq.filename(), file, transfer, n, stats, log);
        transfers.clone().handler(handler).bind(transferBind).addListener(f -> {
            if (!f.isSuccess()) {
                handler.closeFile();
                LOG.warn("TFTP request from {} for {}: no transfer port: {}", client, Printable.of(rrq.filename()), f.cause().toString());
                log.failed(client, rrq.filename(), "tftp-failed", "no transfer port: " + f.cause());
                error(ctx, client, TftpError.NOT_DEFINED, "Server out of ports");
            }
        });
    }

    private void error(ChannelHandlerContext ctx, InetSocketAddress to, int code, String message) {
        stats.error();
        ctx.writeAndFlush(new DatagramPacket(TftpCodec.DEFAULT.encode(new TftpError(code, message), ctx.alloc()), to),
                ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // the listener must survive anything a datagram can trigger
        LOG.warn("TFTP request port: {}", cause.toString());
    }
}
