package io.kiln.api.net;

import io.kiln.api.KilnException;
import java.util.Optional;

/**
 * A machine's SMBIOS system UUID in canonical form: lowercase 8-4-4-4-12 hex
 * ("4c4c4544-0042-3510-8052-b4c04f4e4d32"), as {@code dmidecode -s system-uuid} prints it.
 *
 * <p>Parsing accepts either case and nothing else: no braces, no "urn:uuid:", no missing dashes, no spaces.
 *
 * @param value the canonical text
 */
public record SystemUuid(String value) {

    /** All zeros: what firmware without a UUID sends (QEMU without -uuid); it identifies nobody. */
    public static final SystemUuid NIL = new SystemUuid("00000000-0000-0000-0000-000000000000");

    /**
     * @throws KilnException INVALID naming the value
     */
    public SystemUuid {
        value = canonical(value);
    }

    /**
     * Parses 8-4-4-4-12 hex in either case.
     *
     * @throws KilnException INVALID naming the value
     */
    public static SystemUuid parse(String text) {
        return new SystemUuid(text);
    }

    /** As {@link #parse(String)}, or empty when it would throw. */
    public static Optional<SystemUuid> tryParse(String text) {
        return isValid(text) ? Optional.of(new SystemUuid(text)) : Optional.empty();
    }

    /** Whether {@code text} is 8-4-4-4-12 hex in either case (false for null). */
    public static boolean isValid(String text) {
        if (text == null || text.length() != 36) return false;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') return false;
        }
        return true;
    }

    /**
     * The lowercase form of a UUID in either case: a hand loop, no regex (the boot path checks every request's).
     *
     * @throws KilnException INVALID naming the value
     */
    public static String canonical(String text) {
        if (text == null) throw KilnException.invalid("UUID is missing");
        if (!isValid(text)) throw KilnException.invalid("not a UUID: '" + text + "' (expected 8-4-4-4-12 hex digits)");
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 36; i++) sb.append(Character.toLowerCase(text.charAt(i)));
        return sb.toString();
    }

    /**
     * The UUID of 16 bytes in SMBIOS / EFI_GUID order: the first three fields (4, 2 and 2 bytes) little-endian, the
     * last eight as they stand. EDK2 puts the SMBIOS system GUID into DHCP option 97 that way.
     *
     * @throws KilnException INVALID when there are not exactly 16 bytes
     */
    public static SystemUuid ofSmbiosBytes(byte[] b) {
        if (b == null || b.length != 16) throw KilnException.invalid("a system UUID has 16 bytes");
        int[] order = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
        StringBuilder sb = new StringBuilder(36);
        for (int i : order) {
            if (i < 0) {
                sb.append('-');
            } else {
                sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
            }
        }
        return new SystemUuid(sb.toString());
    }

    /** Whether this is the all-zero UUID. */
    public boolean isNil() {
        return equals(NIL);
    }

    /** The canonical text. */
    @Override
    public String toString() {
        return value;
    }
}
