package io.kiln.dhcp.internal.codec;

/** Lowercase hex for logs and MAC strings; package-private so the codec exports no utility API. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String encode(byte[] b) {
        return join(b, null);
    }

    /** Hex bytes joined by {@code sep} ({@code null} for none): "aa:bb:cc". */
    static String join(byte[] b, String sep) {
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0 && sep != null) sb.append(sep);
            sb.append(DIGITS[(b[i] >> 4) & 0xf]).append(DIGITS[b[i] & 0xf]);
        }
        return sb.toString();
    }
}
