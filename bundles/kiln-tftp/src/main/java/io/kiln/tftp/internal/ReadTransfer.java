package io.kiln.tftp.internal;

/**
 * The sending side of one read transfer as a pure state machine (RFC 1350 lock-step, RFC 7440 windows): it decides
 * which blocks go out next, and knows nothing of sockets, files or clocks.
 *
 * <p>Blocks are numbered absolutely from 1 ({@code long}, so files past 65535 blocks just work); on the wire a block
 * number is the low 16 bits, so block 65536 is sent as 0 (the roll-over that tftp-hpa, atftp, curl and iPXE expect).
 * Every file ends with a block shorter than blksize, which is empty when the size is a multiple of blksize.
 *
 * <p>Not thread-safe: one transfer lives on one event loop.
 */
final class ReadTransfer {

    /** What the caller must do after an event. */
    enum Action {
        /** (Re)send the OACK. */
        SEND_OACK,
        /** Send blocks {@link #sendFrom()}..{@link #sendTo()} (inclusive), then wait. */
        SEND_BLOCKS,
        /** Nothing to send; keep waiting. */
        WAIT,
        /** The last block was acknowledged. */
        COMPLETE,
        /** Retries are exhausted; abandon the transfer. */
        GIVE_UP
    }

    private final long size;
    private final int blksize;
    private final int windowsize;
    private final int maxRetries;
    private final long lastBlock;

    private boolean awaitingOackAck;
    private long acked;        // highest block the client acknowledged (0 = none / the OACK)
    private long sentUpTo;     // highest block sent so far
    private long sendFrom;
    private long sendTo;
    private int retries;
    private boolean resentOnDuplicate;
    private Action state = Action.WAIT;

    /**
     * @param size       file size in bytes
     * @param blksize    negotiated block size (8..65464)
     * @param windowsize negotiated window size (1..65535)
     * @param maxRetries how many timeouts in a row are retried before giving up
     * @param oack       whether an OACK is sent first (and ACK 0 awaited)
     */
    ReadTransfer(long size, int blksize, int windowsize, int maxRetries, boolean oack) {
        if (size < 0 || blksize < 1 || windowsize < 1 || windowsize > 0xFFFF || maxRetries < 0) {
            throw new IllegalArgumentException("size=" + size + " blksize=" + blksize + " windowsize=" + windowsize);
        }
        this.size = size;
        this.blksize = blksize;
        this.windowsize = windowsize;
        this.maxRetries = maxRetries;
        this.lastBlock = size / blksize + 1;
        this.awaitingOackAck = oack;
    }

    /** The first action: the OACK, or the first window. */
    Action start() {
        return awaitingOackAck ? Action.SEND_OACK : nextWindow();
    }

    /** The client acknowledged 16-bit block {@code wireBlock}. */
    Action onAck(int wireBlock) {
        if (finished()) return state;
        if (awaitingOackAck) {
            if (wireBlock != 0) return Action.WAIT;
            awaitingOackAck = false;
            retries = 0;
            return nextWindow();
        }
        // map the 16-bit number onto the one absolute block in [acked, sentUpTo] it can mean; the range holds at
        // most 65536 blocks (windowsize <= 65535), so the mapping is unique across roll-overs
        long block = acked + ((wireBlock - (int) (acked & 0xFFFF)) & 0xFFFF);
        if (block > sentUpTo) return Action.WAIT;          // stale ACK from before the window, or bogus
        if (block == acked) {
            // RFC 1350: never answer a duplicate ACK with data in lock-step (Sorcerer's Apprentice). With a window,
            // a repeated ACK of the window's base means its first block was lost (RFC 7440): resend once per window.
            if (windowsize == 1 || resentOnDuplicate) return Action.WAIT;
            resentOnDuplicate = true;
            return resend();
        }
        acked = block;
        retries = 0;
        resentOnDuplicate = false;
        if (acked == lastBlock) return state = Action.COMPLETE;
        // an ACK inside the window means the client lost what followed: the next window starts right after it
        return nextWindow();
    }

    /** The retransmission timer expired without progress. */
    Action onTimeout() {
        if (finished()) return state;
        if (++retries > maxRetries) return state = Action.GIVE_UP;
        return awaitingOackAck ? Action.SEND_OACK : resend();
    }

    /** First block of the range to send (valid after {@link Action#SEND_BLOCKS}). */
    long sendFrom() {
        return sendFrom;
    }

    /** Last block of the range to send, inclusive. */
    long sendTo() {
        return sendTo;
    }

    /** File offset of absolute block {@code block}. */
    long offset(long block) {
        return (block - 1) * blksize;
    }

    /** Payload length of absolute block {@code block}: blksize, except the last one (possibly 0). */
    int length(long block) {
        return (int) Math.min(blksize, size - offset(block));
    }

    /** The 16-bit number a block carries on the wire. */
    static int wireBlock(long block) {
        return (int) (block & 0xFFFF);
    }

    /** Whether the OACK is still unacknowledged (a client that gives up here only wanted the options). */
    /** The file's size in bytes. */
    long size() {
        return size;
    }

    boolean awaitingOackAck() {
        return awaitingOackAck;
    }

    int maxRetries() {
        return maxRetries;
    }

    long lastBlock() {
        return lastBlock;
    }

    boolean finished() {
        return state == Action.COMPLETE || state == Action.GIVE_UP;
    }

    private Action nextWindow() {
        sendFrom = acked + 1;
        sendTo = Math.min(acked + windowsize, lastBlock);
        sentUpTo = sendTo;
        return Action.SEND_BLOCKS;
    }

    private Action resend() {
        sendFrom = acked + 1;
        sendTo = sentUpTo;
        return Action.SEND_BLOCKS;
    }
}
