package io.kiln.tftp.internal.codec;

import java.util.Objects;

/**
 * An ERROR packet (RFC 1350, code 8 from RFC 2347).
 *
 * @param code    error code, 0..65535 (see the constants)
 * @param message human-readable text, may be empty
 */
public record TftpError(int code, String message) implements TftpMessage {

    /** Not defined, see message. */
    public static final int NOT_DEFINED = 0;
    /** File not found. */
    public static final int FILE_NOT_FOUND = 1;
    /** Access violation. */
    public static final int ACCESS_VIOLATION = 2;
    /** Disk full or allocation exceeded. */
    public static final int DISK_FULL = 3;
    /** Illegal TFTP operation. */
    public static final int ILLEGAL_OPERATION = 4;
    /** Unknown transfer ID. */
    public static final int UNKNOWN_TID = 5;
    /** File already exists. */
    public static final int FILE_EXISTS = 6;
    /** No such user. */
    public static final int NO_SUCH_USER = 7;
    /** Option negotiation refused (RFC 2347). */
    public static final int OPTION_REFUSED = 8;

    public TftpError {
        if (code < 0 || code > 0xFFFF) throw new IllegalArgumentException("code " + code + " not in 0..65535");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public int opcode() {
        return ERROR;
    }
}
