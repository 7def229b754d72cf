package io.kiln.dhcp.internal.codec;

import java.util.Optional;

/** DHCP message types carried in option 53 (RFC 2132 section 9.6). */
public enum MessageType {
    DISCOVER(1),
    OFFER(2),
    REQUEST(3),
    DECLINE(4),
    ACK(5),
    NAK(6),
    RELEASE(7),
    INFORM(8);

    private static final MessageType[] BY_CODE = values();

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire value, empty for values this enum does not know (e.g. RFC 4388 LEASEQUERY). */
    public static Optional<MessageType> of(int code) {
        return code >= 1 && code <= BY_CODE.length ? Optional.of(BY_CODE[code - 1]) : Optional.empty();
    }
}
