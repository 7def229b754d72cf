package io.kiln.tftp.internal.codec;

import java.util.Map;

/**
 * An OACK (RFC 2347): the options the server accepted, with the values it will use.
 *
 * @param options accepted options in order, names lower-cased; never empty (no options means no OACK)
 */
public record OptionAck(Map<String, String> options) implements TftpMessage {

    public OptionAck {
        options = Requests.options(options);
        if (options.isEmpty()) throw new IllegalArgumentException("an OACK carries at least one option");
    }

    @Override
    public int opcode() {
        return OACK;
    }
}
