package io.kiln.tftp.internal.codec;

import java.util.Locale;
import java.util.Map;

/**
 * An RRQ (RFC 1350) with its RFC 2347 options.
 *
 * @param filename as sent by the client, not yet checked against any root
 * @param mode     transfer mode, lower-cased ("octet", "netascii", ...)
 * @param options  options in the client's order, names lower-cased, values as sent
 */
public record ReadRequest(String filename, String mode, Map<String, String> options) implements TftpMessage {

    public ReadRequest {
        filename = Requests.nonEmpty(filename, "filename");
        mode = Requests.nonEmpty(mode, "mode").toLowerCase(Locale.ROOT);
        options = Requests.options(options);
    }

    /** An RRQ without options. */
    public ReadRequest(String filename, String mode) {
        this(filename, mode, Map.of());
    }

    @Override
    public int opcode() {
        return RRQ;
    }
}
