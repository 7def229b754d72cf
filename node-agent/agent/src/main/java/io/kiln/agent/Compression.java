package io.kiln.agent;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** The image's compression: named by the action, or {@code auto} = by URL suffix, else by magic bytes. */
enum Compression {
    NONE, GZIP, XZ, ZSTD;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    /** @param in must support mark/reset (magic bytes are peeked, not consumed) */
    static Compression choose(String named, String url, BufferedInputStream in) throws IOException {
        String n = named == null ? "auto" : named.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "none": return NONE;
            case "gzip": case "gz": return GZIP;
            case "xz": return XZ;
            case "zstd": case "zst": return ZSTD;
            case "auto": break;
            default: throw new IllegalArgumentException("compression '" + named + "' is not one of auto, none, gzip, xz, zstd");
        }
        String path = url.replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
        if (path.endsWith(".gz")) return GZIP;
        if (path.endsWith(".xz")) return XZ;
        if (path.endsWith(".zst") || path.endsWith(".zstd")) return ZSTD;
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        if (startsWith(head, GZIP_MAGIC)) return GZIP;
        if (startsWith(head, XZ_MAGIC)) return XZ;
        if (startsWith(head, ZSTD_MAGIC)) return ZSTD;
        return NONE;
    }

    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 65536);
            case XZ -> new XZInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
