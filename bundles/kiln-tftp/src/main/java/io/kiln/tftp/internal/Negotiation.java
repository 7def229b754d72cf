package io.kiln.tftp.internal;

import io.kiln.tftp.internal.codec.TftpOptions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The outcome of RFC 2347 option negotiation for one RRQ: what the transfer uses and what the OACK says.
 *
 * @param blksize        block size to use
 * @param windowsize     window size to use (1 = RFC 1350 lock-step)
 * @param timeoutSeconds retransmission timeout to use
 * @param acknowledged   options for the OACK in the client's order; empty means send no OACK, just DATA 1
 */
record Negotiation(int blksize, int windowsize, int timeoutSeconds, Map<String, String> acknowledged) {

    Negotiation {
        acknowledged = Collections.unmodifiableMap(new LinkedHashMap<>(acknowledged));
    }

    /**
     * Negotiates the options of an RRQ. Unknown and invalid options are left out of the OACK (RFC 2347: the server
     * ignores what it does not support); blksize is lowered to {@code maxBlksize}; tsize is answered with the real size.
     *
     * @param requested      the RRQ's options (lower-case names)
     * @param fileSize       size of the file being read
     * @param maxBlksize     the largest block size this server agrees to
     * @param defaultTimeout timeout in seconds when the client does not ask for one
     */
    static Negotiation of(Map<String, String> requested, long fileSize, int maxBlksize, int defaultTimeout) {
        int blksize = TftpOptions.DEFAULT_BLKSIZE;
        int windowsize = 1;
        int timeout = defaultTimeout;
        Map<String, String> ack = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String value = e.getValue();
            switch (e.getKey()) {
                case TftpOptions.BLKSIZE -> {
                    OptionalInt v = TftpOptions.blksize(value);
                    if (v.isPresent()) {
                        blksize = Math.min(v.getAsInt(), maxBlksize);
                        ack.put(TftpOptions.BLKSIZE, Integer.toString(blksize));
                    }
                }
                case TftpOptions.WINDOWSIZE -> {
                    OptionalInt v = TftpOptions.windowsize(value);
                    if (v.isPresent()) {
                        windowsize = v.getAsInt();
                        ack.put(TftpOptions.WINDOWSIZE, Integer.toString(windowsize));
                    }
                }
                case TftpOptions.TIMEOUT -> {
                    OptionalInt v = TftpOptions.timeout(value);
                    if (v.isPresent()) {
                        timeout = v.getAsInt();
                        ack.put(TftpOptions.TIMEOUT, Integer.toString(timeout));
                    }
                }
                case TftpOptions.TSIZE -> {
                    // RFC 2349: an RRQ carries tsize 0 and the OACK the real size; any other number gets it too
                    if (TftpOptions.tsize(value).isPresent()) ack.put(TftpOptions.TSIZE, Long.toString(fileSize));
                }
                default -> {
                    // unknown option (e.g. multicast, utimeout, rollover): ignored and not echoed
                }
            }
        }
        return new Negotiation(blksize, windowsize, timeout, ack);
    }

    boolean sendsOack() {
        return !acknowledged.isEmpty();
    }
}
