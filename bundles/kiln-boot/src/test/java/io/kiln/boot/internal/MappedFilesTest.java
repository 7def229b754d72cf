package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappedFilesTest {

    @TempDir
    Path tmp;

    private static byte[] concat(List<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    private ArtifactRoot.Found found(Path f) throws IOException {
        return new ArtifactRoot.Found(f, Files.size(f), Files.getLastModifiedTime(f).toMillis());
    }

    /** A 1000-byte window stands in for the 1 GiB one: ranges inside one, across one boundary, across several. */
    @ParameterizedTest(name = "{1} bytes from {0}: {2} buffers")
    @CsvSource({"0, 0, 0", "0, 10, 1", "0, 1000, 1", "0, 1001, 2", "999, 2, 2", "1000, 1000, 1", "10, 3490, 4", "3499, 1, 1", "0, 3500, 4"})
    void slicesAreExactlyTheRangeAcrossWindows(long first, long length, int buffers) throws Exception {
        byte[] data = new byte[3500];
        new Random(3).nextBytes(data);
        Path f = Files.write(tmp.resolve("data.bin"), data);
        List<ByteBuffer> slices = new MappedFiles(1000).slices(found(f), first, length);
        assertEquals(buffers, slices.size());
        assertArrayEquals(Arrays.copyOfRange(data, (int) first, (int) (first + length)), concat(slices));
    }

    @Test
    void eachCallGetsItsOwnBuffersAndANewVersionIsMappedAgain() throws Exception {
        Path f = Files.writeString(tmp.resolve("v.txt"), "version one");
        MappedFiles mapped = new MappedFiles();
        ArtifactRoot.Found one = found(f);
        ByteBuffer first = mapped.slices(one, 0, one.size()).get(0);
        first.position(first.limit()); // a sender consumed it
        assertEquals("version one", new String(concat(mapped.slices(one, 0, one.size()))));

        Path next = Files.writeString(tmp.resolve("v.tmp"), "version two, longer");
        Files.move(next, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ArtifactRoot.Found two = found(f);
        assertEquals("version two, longer", new String(concat(mapped.slices(two, 0, two.size()))));
    }

    @Test
    void aFileShorterThanItsResolvedSizeIsAnIoError() throws Exception {
        Path f = Files.write(tmp.resolve("short.bin"), new byte[10]);
        ArtifactRoot.Found claimed = new ArtifactRoot.Found(f, 11, Files.getLastModifiedTime(f).toMillis());
        assertThrows(IOException.class, () -> new MappedFiles().slices(claimed, 0, 11));
    }
}
