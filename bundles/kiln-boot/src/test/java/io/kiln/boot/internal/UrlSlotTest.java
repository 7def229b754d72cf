package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlSlotTest {
    static final String URL = "http://10.213.9.1:8080";

    @TempDir
    Path tmp;

    /** A file of random bytes with a slot (marker, '_' padding to 256 bytes) at each offset given. */
    static byte[] image(int size, long... at) {
        byte[] d = new byte[size];
        new Random(11).nextBytes(d);
        for (int i = 0; i < d.length; i++) if (d[i] == '@') d[i] = 0; // no accidental marker starts
        StringBuilder slot = new StringBuilder(UrlSlot.MARKER);
        while (slot.length() < UrlSlot.LENGTH) slot.append('_');
        byte[] s = slot.toString().getBytes(StandardCharsets.US_ASCII);
        for (long a : at) System.arraycopy(s, 0, d, (int) a, s.length);
        return d;
    }

    @Test
    void findsEverySlotIncludingOneAcrossTheScansReadBoundary() throws Exception {
        long across = (1 << 20) - 5; // the marker starts 5 bytes before the first 1 MiB read ends
        Path f = Files.write(tmp.resolve("a.iso"), image(3 << 20, 100, across, (3 << 20) - UrlSlot.LENGTH));
        try (FileChannel ch = FileChannel.open(f)) {
            assertEquals(List.of(100L, across, (long) (3 << 20) - UrlSlot.LENGTH), UrlSlot.find(ch));
        }
    }

    @Test
    void aFileWithoutTheMarkerHasNoSlot() throws Exception {
        Path f = Files.write(tmp.resolve("plain.iso"), image(5000));
        try (FileChannel ch = FileChannel.open(f)) {
            assertEquals(List.of(), UrlSlot.find(ch));
        }
        Path empty = Files.write(tmp.resolve("empty.iso"), new byte[0]);
        try (FileChannel ch = FileChannel.open(empty)) {
            assertEquals(List.of(), UrlSlot.find(ch));
        }
    }

    @Test
    void theFillIsTheUrlThenSpacesAndRefusesWhatCannotGoOnACommandLine() {
        byte[] fill = UrlSlot.fill(URL);
        assertEquals(UrlSlot.LENGTH, fill.length);
        assertEquals(URL + " ".repeat(UrlSlot.LENGTH - URL.length()), new String(fill, StandardCharsets.US_ASCII));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UrlSlot.fill("http://x/" + "a".repeat(300))).getMessage()
                .contains("longer than the image's 256-byte slot"));
        assertThrows(IllegalArgumentException.class, () -> UrlSlot.fill("http://x/ a"));
    }

    /** Any range of the image, in 64 KiB chunks, comes out as the whole patched image would: slot split or not. */
    @ParameterizedTest(name = "{1} bytes from {0}")
    @CsvSource({"0, 300000", "65500, 200", "65536, 1", "65540, 10", "200000, 100000", "65280, 512"})
    void streamedRangesCarryTheUrlWhereverTheSlotFalls(long first, int length) throws Exception {
        long slot = 65536 - 40; // straddles the copy's first 64 KiB chunk boundary
        byte[] original = image(300000, slot);
        Path f = Files.write(tmp.resolve("b.iso"), original);
        byte[] expected = original.clone();
        System.arraycopy(UrlSlot.fill(URL), 0, expected, (int) slot, UrlSlot.LENGTH);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel ch = FileChannel.open(f)) {
            ArtifactServlet.copy(ch, first, length, out, UrlSlot.find(ch), UrlSlot.fill(URL));
        }
        assertArrayEquals(Arrays.copyOfRange(expected, (int) first, (int) first + length), out.toByteArray());
    }
}
