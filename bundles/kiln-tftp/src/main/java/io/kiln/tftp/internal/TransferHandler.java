package io.kiln.tftp.internal;

import io.kiln.tftp.internal.codec.Ack;
import io.kiln.tftp.internal.codec.MalformedTftpException;
import io.kiln.tftp.internal.codec.OptionAck;
import io.kiln.tftp.internal.codec.TftpCodec;
import io.kiln.tftp.internal.codec.TftpError;
import io.kiln.tftp.internal.codec.TftpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;

/**
 * Runs one read transfer on its own channel: feeds ACKs, ERRORs and timeouts into {@link ReadTransfer} and carries
 * out what it answers, reading blocks with positional FileChannel reads into pooled direct buffers.
 *
 * <p>All methods run on the channel's event loop. The retransmission timer is one scheduled task per transfer that is
 * re-armed lazily (it checks the time of the last send when it fires) instead of being rescheduled for every block.
 */
final class TransferHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(TransferHandler.class);

    private final InetSocketAddress peer;
    private final String name;
    private final FileChannel file;
    private final ReadTransfer transfer;
    private final Negotiation negotiation;
    private final TftpStats stats;
    private final TransferLog log;
    private final long timeoutNanos;
    private final long startNanos = System.nanoTime();

    private Channel channel;
    private boolean active;
    private boolean done;
    private ScheduledFuture<?> timer;
    private long lastSendNanos;
    private long nextToWrite;   // window blocks still to be written (the socket may push back mid-window)
    private long writeTo;

    TransferHandler(InetSocketAddress peer, String name, FileChannel file, ReadTransfer transfer, Negotiation negotiation,
                    TftpStats stats, TransferLog log) {
        super(DatagramPacket.class, true);
        this.log = log;
        this.peer = peer;
        this.name = name;
        this.file = file;
        this.transfer = transfer;
        this.negotiation = negotiation;
        this.stats = stats;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(negotiation.timeoutSeconds());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        active = true;
        stats.transferStarted();
        LOG.debug("TFTP {} -> {}: start, blksize {}, windowsize {}, from {}", Printable.of(name), peer,
                negotiation.blksize(), negotiation.windowsize(), channel.localAddress());
        perform(transfer.start());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (done) return;
        if (!peer.equals(packet.sender())) {
            unknownTid(packet);
            return;
        }
        TftpMessage msg;
        try {
            msg = TftpCodec.DEFAULT.decode(packet.content());
        } catch (MalformedTftpException e) {
            // dropped, not fatal: the timer retransmits if it mattered
            stats.malformed();
            LOG.debug("TFTP {} -> {}: dropped malformed datagram: {}", Printable.of(name), peer, e.getMessage());
            return;
        }
        if (msg instanceof Ack ack) {
            perform(transfer.onAck(ack.block()));
        } else if (msg instanceof TftpError err) {
            // EDK2 asks for tsize, then ends the first transfer with an ERROR after the OACK: that is not a failure
            LOG.debug("TFTP {} -> {}: client ended the transfer: error {} {}", Printable.of(name), peer, err.code(),
                    Printable.of(err.message()));
            finish();
        } else {
            send(new TftpError(TftpError.ILLEGAL_OPERATION, "Expected ACK"), peer);
            LOG.info("TFTP {} -> {}: aborted, client sent {}", Printable.of(name), peer, msg);
            log.failed(peer, name, "tftp-failed", "aborted: the client sent " + msg);
            finish();
        }
    }

    private void unknownTid(DatagramPacket packet) {
        // RFC 1350: answer a stranger with ERROR 5 and carry on; never answer an ERROR (opcode 5)
        if (packet.content().readableBytes() >= 2
                && packet.content().getUnsignedShort(packet.content().readerIndex()) == TftpMessage.ERROR) {
            return;
        }
        send(new TftpError(TftpError.UNKNOWN_TID, "Unknown transfer ID"), packet.sender());
    }

    private void perform(ReadTransfer.Action action) {
        switch (action) {
            case SEND_OACK -> {
                send(new OptionAck(negotiation.acknowledged()), peer);
                armTimer();
            }
            case SEND_BLOCKS -> {
                nextToWrite = transfer.sendFrom();
                writeTo = transfer.sendTo();
                armTimer();
                pump();
            }
            case WAIT -> {
            }
            case COMPLETE -> {
                stats.completed();
                LOG.debug("TFTP {} -> {}: complete, {} blocks", Printable.of(name), peer, transfer.lastBlock());
                log.sent(peer, name, transfer.size(), (System.nanoTime() - startNanos) / 1_000_000);
                finish();
            }
            case GIVE_UP -> {
                if (transfer.awaitingOackAck()) {
                    // a client that only wanted the OACK (tsize) may just go away: end quietly
                    LOG.debug("TFTP {} -> {}: OACK never acknowledged", Printable.of(name), peer);
                } else {
                    stats.error();
                    LOG.info("TFTP {} -> {}: no ACK after {} retries, transfer abandoned", Printable.of(name), peer,
                            transfer.maxRetries());
                    log.failed(peer, name, "tftp-failed", "no ACK after " + transfer.maxRetries() + " retries, abandoned");
                }
                finish();
            }
        }
    }

    /** Writes the pending window blocks while the channel accepts them; resumes on writability. */
    private void pump() {
        long bytes = 0;
        try {
            while (nextToWrite <= writeTo) {
                if (!channel.isWritable()) {
                    channel.flush();
                    if (!channel.isWritable()) break;
                }
                long block = nextToWrite++;
                int length = transfer.length(block);
                ByteBuf buf = TftpCodec.DEFAULT.dataPacket(channel.alloc(), ReadTransfer.wireBlock(block), length);
                try {
                    readFully(buf, transfer.offset(block), length);
                } catch (IOException e) {
                    buf.release();
                    throw e;
                }
                channel.write(new DatagramPacket(buf, peer), channel.voidPromise());
                bytes += length;
            }
            channel.flush();
        } catch (IOException e) {
            LOG.warn("TFTP {} -> {}: read failed: {}", Printable.of(name), peer, e.toString());
            send(new TftpError(TftpError.NOT_DEFINED, "Read error"), peer);
            log.failed(peer, name, "tftp-failed", "Kiln could not read the file: " + e);
            finish();
        }
        stats.bytesSent(bytes);
    }

    private void readFully(ByteBuf buf, long position, int length) throws IOException {
        while (length > 0) {
            int n = buf.writeBytes(file, position, length);
            if (n < 0) throw new EOFException("file shrank during the transfer");
            position += n;
            length -= n;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!done && channel.isWritable() && nextToWrite <= writeTo) pump();
        ctx.fireChannelWritabilityChanged();
    }

    private void armTimer() {
        lastSendNanos = System.nanoTime();
        if (timer == null) timer = channel.eventLoop().schedule(this::onTimer, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        if (done) return;
        long left = lastSendNanos + timeoutNanos - System.nanoTime();
        if (left > 0) {
            timer = channel.eventLoop().schedule(this::onTimer, left, TimeUnit.NANOSECONDS);
        } else {
            LOG.trace("TFTP {} -> {}: timeout", Printable.of(name), peer);
            perform(transfer.onTimeout());
        }
    }

    private void send(TftpMessage msg, InetSocketAddress to) {
        if (msg instanceof TftpError) stats.error();
        channel.writeAndFlush(new DatagramPacket(TftpCodec.DEFAULT.encode(msg, channel.alloc()), to), channel.voidPromise());
    }

    private void finish() {
        if (done) return;
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        if (active) {
            active = false;
            stats.transferEnded();
        }
        closeFile();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closeFile();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("TFTP {} -> {}: {}", Printable.of(name), peer, cause.toString());
    }

    void closeFile() {
        try {
            file.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", Printable.of(name), e.toString());
        }
    }
}
