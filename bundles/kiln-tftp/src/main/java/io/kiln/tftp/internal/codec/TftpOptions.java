package io.kiln.tftp.internal.codec;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Names and legal ranges of the options Kiln understands (RFC 2348, 2349, 7440), and their value parsers. */
public final class TftpOptions {

    /** RFC 2348 block size. */
    public static final String BLKSIZE = "blksize";
    /** RFC 2349 transfer size. */
    public static final String TSIZE = "tsize";
    /** RFC 2349 retransmission timeout in seconds. */
    public static final String TIMEOUT = "timeout";
    /** RFC 7440 window size in blocks. */
    public static final String WINDOWSIZE = "windowsize";

    /** RFC 1350 block size, used when no blksize is negotiated. */
    public static final int DEFAULT_BLKSIZE = 512;
    public static final int BLKSIZE_MIN = 8;
    public static final int BLKSIZE_MAX = 65464;
    public static final int TIMEOUT_MIN = 1;
    public static final int TIMEOUT_MAX = 255;
    public static final int WINDOWSIZE_MIN = 1;
    public static final int WINDOWSIZE_MAX = 65535;

    private TftpOptions() {
    }

    /**
     * A requested block size: values above 65464 are lowered to 65464 (the server may always answer smaller, RFC 2348),
     * values below 8 or non-numeric values make the option invalid (empty: ignore it, as for an unknown option).
     */
    public static OptionalInt blksize(String value) {
        OptionalLong v = number(value);
        if (v.isEmpty() || v.getAsLong() < BLKSIZE_MIN) return OptionalInt.empty();
        return OptionalInt.of((int) Math.min(v.getAsLong(), BLKSIZE_MAX));
    }

    /** A requested timeout in seconds, or empty if outside 1..255 (RFC 2349). */
    public static OptionalInt timeout(String value) {
        return inRange(value, TIMEOUT_MIN, TIMEOUT_MAX);
    }

    /** A requested window size, or empty if outside 1..65535 (RFC 7440). */
    public static OptionalInt windowsize(String value) {
        return inRange(value, WINDOWSIZE_MIN, WINDOWSIZE_MAX);
    }

    /** A tsize value (0 in an RRQ), or empty if not a non-negative number. */
    public static OptionalLong tsize(String value) {
        return number(value);
    }

    private static OptionalInt inRange(String value, int min, int max) {
        OptionalLong v = number(value);
        if (v.isEmpty() || v.getAsLong() < min || v.getAsLong() > max) return OptionalInt.empty();
        return OptionalInt.of((int) v.getAsLong());
    }

    /** Decimal digits only (no sign, no spaces), at most 18 of them so the value fits a long. */
    private static OptionalLong number(String value) {
        if (value.isEmpty() || value.length() > 18) return OptionalLong.empty();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(value));
    }
}
