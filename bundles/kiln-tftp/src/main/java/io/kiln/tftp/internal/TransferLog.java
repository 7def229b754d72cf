package io.kiln.tftp.internal;

import java.net.InetSocketAddress;

/**
 * What the server tells of each read request's outcome, for hosts' timelines ({@link HostTransfers}). Called on the
 * event loop: an implementation must not block.
 */
interface TransferLog {
    /** Tells nobody. */
    TransferLog NONE = new TransferLog() {
        @Override
        public void sent(InetSocketAddress client, String file, long bytes, long millis) {
        }

        @Override
        public void failed(InetSocketAddress client, String file, String type, String why) {
        }
    };

    /** The whole file reached the client. */
    void sent(InetSocketAddress client, String file, long bytes, long millis);

    /**
     * The client did not get the file.
     *
     * @param type {@code tftp-not-found}, {@code tftp-refused} or {@code tftp-failed}
     */
    void failed(InetSocketAddress client, String file, String type, String why);
}
