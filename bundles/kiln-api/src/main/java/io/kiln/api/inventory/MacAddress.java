package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.Locale;

/** An Ethernet MAC address in Kiln's canonical form: lowercase, colon-separated ("52:54:00:12:34:56"). */
public record MacAddress(String value) {

    public MacAddress {
        value = canonical(value);
    }

    /**
     * Accepts the spellings operators paste: colons, dashes, Cisco dots or bare hex, any case.
     *
     * @throws KilnException INVALID when it is not 6 bytes of hex
     */
    public static String canonical(String raw) {
        if (raw == null) throw KilnException.invalid("MAC address is missing");
        String hex = raw.trim().replaceAll("[:.\\-]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{12}")) {
            throw KilnException.invalid("not a MAC address: '" + raw + "' (expected 6 hex bytes like 52:54:00:12:34:56)");
        }
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
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
