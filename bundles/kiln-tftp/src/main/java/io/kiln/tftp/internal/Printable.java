package io.kiln.tftp.internal;

/** Makes client-supplied strings safe for one log line: control characters escaped, length bounded. */
final class Printable {

    private static final int MAX = 200;

    private Printable() {
    }

    static String of(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 2).append('"');
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        if (s.length() > MAX) b.append("...");
        return b.append('"').toString();
    }
}
