package io.kiln.tftp.internal.codec;

import java.util.Locale;
import java.util.Map;

/**
 * A WRQ (RFC 1350); Kiln is read-only and decodes it only to refuse it with a proper error.
 *
 * @param filename as sent by the client
 * @param mode     transfer mode, lower-cased
 * @param options  options in the client's order, names lower-cased
 */
public record WriteRequest(String filename, String mode, Map<String, String> options) implements TftpMessage {

    public WriteRequest {
        filename = Requests.nonEmpty(filename, "filename");
        mode = Requests.nonEmpty(mode, "mode").toLowerCase(Locale.ROOT);
        options = Requests.options(options);
    }

    @Override
    public int opcode() {
        return WRQ;
    }
}
