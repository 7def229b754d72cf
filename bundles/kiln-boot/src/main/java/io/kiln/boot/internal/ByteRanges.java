package io.kiln.boot.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Range} header (RFC 7233) against a file size: one range is served as 206, an unsatisfiable one
 * as 416, and everything else (no header, another unit, bad syntax, several ranges) as the whole file, which RFC 7233
 * allows. Multipart/byteranges is left out on purpose: boot clients and download tools ask for one range.
 */
final class ByteRanges {

    /** How to answer. */
    sealed interface Outcome permits Full, Partial, Unsatisfiable {
    }

    /** @param why why the Range header (if any) was not used, for logs and tests */
    record Full(String why) implements Outcome {
    }

    /** Inclusive byte positions, already clipped to the file. */
    record Partial(long first, long last) implements Outcome {
        long length() {
            return last - first + 1;
        }
    }

    /** No byte of the range exists in the file: 416, with the file size in Content-Range. */
    record Unsatisfiable() implements Outcome {
    }

    private static final Pattern SPEC = Pattern.compile("(\\d*)-(\\d*)");

    private ByteRanges() {
    }

    static Outcome parse(String header, long size) {
        if (header == null) return new Full("no Range header");
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) return new Full("not a byte range");
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) return new Full("multiple ranges");
        Matcher m = SPEC.matcher(spec);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return new Full("malformed range");
        if (m.group(1).isEmpty()) {
            long suffix = number(m.group(2));
            if (suffix == 0 || size == 0) return new Unsatisfiable();
            return new Partial(Math.max(0, size - suffix), size - 1);
        }
        long first = number(m.group(1));
        long last = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
        if (last < first) return new Full("malformed range (last before first)");
        if (first >= size) return new Unsatisfiable();
        return new Partial(first, Math.min(last, size - 1));
    }

    /** Digits only (the pattern saw to that); more than a long holds is simply "beyond any file". */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
