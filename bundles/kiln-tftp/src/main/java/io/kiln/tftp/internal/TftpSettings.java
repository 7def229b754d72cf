package io.kiln.tftp.internal;

import io.kiln.tftp.internal.codec.TftpOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link TftpServer} needs, already checked: no OSGi types, so tests build one with {@code new}.
 *
 * @param bind           address and port to listen on (port 0 = ephemeral, for tests)
 * @param roots          root directories in priority order
 * @param timeoutSeconds retransmission timeout when the client does not negotiate one (1..255)
 * @param retries        timeouts in a row before a transfer is abandoned (0..100)
 * @param maxBlksize     largest block size agreed to (8..65464)
 */
record TftpSettings(InetSocketAddress bind, List<Path> roots, int timeoutSeconds, int retries, int maxBlksize) {

    TftpSettings {
        roots = List.copyOf(roots);
        if (timeoutSeconds < TftpOptions.TIMEOUT_MIN || timeoutSeconds > TftpOptions.TIMEOUT_MAX) {
            throw new IllegalArgumentException("timeoutSeconds = " + timeoutSeconds + ": use 1..255");
        }
        if (retries < 0 || retries > 100) throw new IllegalArgumentException("retries = " + retries + ": use 0..100");
        if (maxBlksize < TftpOptions.BLKSIZE_MIN || maxBlksize > TftpOptions.BLKSIZE_MAX) {
            throw new IllegalArgumentException("maxBlksize = " + maxBlksize + ": use 8..65464");
        }
    }
}
