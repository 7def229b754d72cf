package io.kiln.api.tftp;

import java.util.List;

/**
 * What the TFTP server is doing right now, for operators.
 *
 * @param state      "serving", "disabled" or "error: ..." (why it serves nothing)
 * @param listening  address:port it listens on, or null
 * @param roots      directories served, in search order
 * @param requests   read requests received
 * @param completed  transfers finished
 * @param bytesSent  file bytes sent (retransmissions excluded)
 * @param errors     error packets sent (not found, refused paths, ...)
 * @param malformed  datagrams dropped as malformed
 * @param active     transfers in progress
 */
public record TftpStatus(String state, String listening, List<String> roots, long requests, long completed, long bytesSent,
                         long errors, long malformed, long active) {

    public TftpStatus {
        roots = roots == null ? List.of() : List.copyOf(roots);
    }
}
