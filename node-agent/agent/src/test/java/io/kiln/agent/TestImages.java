package io.kiln.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Disk images for tests: compressible, not trivially repetitive, and a "disk" file pre-filled with 0xAA. */
final class TestImages {
    private TestImages() {
    }

    static byte[] raw(int size, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        String words = "kiln boot disk partition grub linux initrd vmlinuz cloud-init ";
        for (int i = 0; i < size; i++) b[i] = r.nextInt(8) == 0 ? (byte) r.nextInt(256) : (byte) words.charAt(r.nextInt(words.length()));
        return b;
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] xz(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream x = new XZOutputStream(out, new LZMA2Options(3))) {
            x.write(raw);
        }
        return out.toByteArray();
    }

    /** With the zstd command (the reference implementation), not the library the agent decodes with. */
    static byte[] zstd(byte[] raw, Path dir) throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder("zstd", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "the zstd command is needed to make a zstd image");
        Path in = Files.createTempFile(dir, "img", ".raw");
        Files.write(in, raw);
        Process p = new ProcessBuilder("zstd", "-q", "-f", "-3", in.toString(), "-o", in + ".zst").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("zstd failed: " + out);
        return Files.readAllBytes(Path.of(in + ".zst"));
    }

    /** A 4 MiB "disk" full of 0xAA, so zeroing and overwriting both show. */
    static Path disk(Path devRoot, String name) throws IOException {
        Files.createDirectories(devRoot);
        byte[] b = new byte[4 << 20];
        Arrays.fill(b, (byte) 0xaa);
        return Files.write(devRoot.resolve(name), b);
    }
}
