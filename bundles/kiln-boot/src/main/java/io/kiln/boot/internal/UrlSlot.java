package io.kiln.boot.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The place in a boot image where Kiln's URL goes. A boot CD cannot ask DHCP where Kiln is, so its kernel command line
 * carries a fixed-size slot ({@link #MARKER} then '_' padding, {@link #LENGTH} bytes in all; node-agent/microos/
 * build-iso.sh writes it) that Kiln fills with its URL and spaces as it serves the image: the image's length and
 * layout never change, so it stays a valid ISO 9660 file system with no rebuilding.
 */
final class UrlSlot {
    static final String MARKER = "@@KILN-URL-SLOT@@";
    static final int LENGTH = 256;
    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

    private UrlSlot() {
    }

    /** Where the slots of a file begin (none: not a Kiln boot image), scanning it once in 1 MiB reads. */
    static List<Long> find(FileChannel ch) throws IOException {
        List<Long> at = new ArrayList<>();
        int overlap = MARKER_BYTES.length - 1;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long base = 0; // file offset of buf[0]
        long size = ch.size();
        while (base < size) {
            buf.clear();
            int n = 0;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, base + n);
                if (r < 0) break;
                n += r;
            }
            byte[] a = buf.array();
            for (int i = 0; i + MARKER_BYTES.length <= n; i++) {
                if (a[i] == MARKER_BYTES[0] && matches(a, i)) at.add(base + i);
            }
            if (base + n >= size) break;
            base += n - overlap; // a marker split across two reads is found in the next
        }
        return List.copyOf(at);
    }

    private static boolean matches(byte[] a, int i) {
        for (int k = 1; k < MARKER_BYTES.length; k++) {
            if (a[i + k] != MARKER_BYTES[k]) return false;
        }
        return true;
    }

    /**
     * What goes into each slot: the URL, then spaces.
     *
     * @throws IllegalArgumentException when the URL does not fit or could break the command line
     */
    static byte[] fill(String url) {
        byte[] u = url.getBytes(StandardCharsets.US_ASCII);
        if (u.length > LENGTH) throw new IllegalArgumentException("Kiln's URL " + url + " is longer than the image's " + LENGTH + "-byte slot");
        for (byte b : u) {
            if (b <= ' ' || b == 127) throw new IllegalArgumentException("Kiln's URL " + url + " has a space or control character");
        }
        byte[] out = new byte[LENGTH];
        java.util.Arrays.fill(out, (byte) ' ');
        System.arraycopy(u, 0, out, 0, u.length);
        return out;
    }

    /**
     * Writes the filled slots over the part of the file held in {@code buf[0..n)}, which starts at file offset
     * {@code pos}: the chunks of a streamed file are patched as they pass, whatever range was asked for.
     */
    static void overlay(byte[] buf, int n, long pos, List<Long> slots, byte[] fill) {
        for (long s : slots) {
            long from = Math.max(s, pos);
            long to = Math.min(s + LENGTH, pos + n);
            for (long p = from; p < to; p++) buf[(int) (p - pos)] = fill[(int) (p - s)];
        }
    }
}
