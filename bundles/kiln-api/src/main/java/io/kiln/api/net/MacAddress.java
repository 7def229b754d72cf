package io.kiln.api.net;

import io.kiln.api.KilnException;
import java.util.Optional;

/** An Ethernet MAC address in Kiln's canonical form: lowercase, colon-separated ("52:54:00:12:34:56"). */
public record MacAddress(String value) {

    public MacAddress {
        value = canonical(value);
    }

    /**
     * Parses the spellings operators paste (see {@link #canonical(String)}).
     *
     * @throws KilnException INVALID naming the value
     */
    public static MacAddress parse(String raw) {
        return new MacAddress(raw);
    }

    /** As {@link #parse(String)}, or empty when it would throw. */
    public static Optional<MacAddress> tryParse(String raw) {
        return isValid(raw) ? Optional.of(new MacAddress(raw)) : Optional.empty();
    }

    /** Whether {@code raw} is one of the spellings {@link #canonical(String)} accepts (false for null). */
    public static boolean isValid(String raw) {
        return raw != null && canonicalOrNull(raw) != null;
    }

    /**
     * Accepts the spellings operators paste: colons, dashes, Cisco dots or bare hex, any case.
     *
     * @throws KilnException INVALID when it is not 6 bytes of hex
     */
    public static String canonical(String raw) {
        if (raw == null) throw KilnException.invalid("MAC address is missing");
        String mac = canonicalOrNull(raw);
        if (mac == null) {
            throw KilnException.invalid("not a MAC address: '" + raw + "' (expected 6 hex bytes like 52:54:00:12:34:56)");
        }
        return mac;
    }

    /** The canonical form, or null: a hand loop, no regex (the DHCP server canonicalises every unknown client's MAC). */
    private static String canonicalOrNull(String raw) {
        String s = raw.trim();
        StringBuilder sb = new StringBuilder(17);
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '.' || c == '-') continue;
            int d = c > 'f' ? -1 : Character.digit(c, 16); // ASCII hex only, not other scripts' digits
            if (d < 0 || digits == 12) return null;
            if (digits > 0 && digits % 2 == 0) sb.append(':');
            sb.append(Character.forDigit(d, 16));
            digits++;
        }
        return digits == 12 ? sb.toString() : null;
    }

    /** Formats raw hardware-address bytes (first 6 used). */
    public static String of(byte[] bytes) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) sb.append(':');
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
