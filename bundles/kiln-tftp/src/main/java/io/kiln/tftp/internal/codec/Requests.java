package io.kiln.tftp.internal.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Shared checks for the request records: kept here so RRQ, WRQ and OACK normalise options the same way. */
final class Requests {

    private Requests() {
    }

    static String nonEmpty(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) throw new IllegalArgumentException(what + " is empty");
        return value;
    }

    /** Copies options keeping the client's order; names are lower-cased because RFC 2347 makes them case-insensitive. */
    static Map<String, String> options(Map<String, String> options) {
        Map<String, String> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.putIfAbsent(nonEmpty(k, "option name").toLowerCase(Locale.ROOT),
                Objects.requireNonNull(v, "option value")));
        return Collections.unmodifiableMap(copy);
    }
}
