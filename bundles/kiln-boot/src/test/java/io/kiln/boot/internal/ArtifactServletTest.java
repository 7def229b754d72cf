package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactServletTest {

    @TempDir
    Path tmp;

    @Test
    void karafDataIsExpandedFromTheSystemProperty() {
        String old = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/kiln/data");
            assertEquals("/opt/kiln/data/kiln/artifacts", ArtifactServlet.expand("${karaf.data}/kiln/artifacts"));
            System.clearProperty("karaf.data");
            assertEquals("data/kiln/artifacts", ArtifactServlet.expand(" ${karaf.data}/kiln/artifacts "));
        } finally {
            if (old != null) System.setProperty("karaf.data", old);
        }
    }

    @Test
    void otherPropertiesExpandAndUnknownOnesStay() {
        assertEquals(System.getProperty("java.io.tmpdir") + "/x/${kiln.no.such.property}",
                ArtifactServlet.expand("${java.io.tmpdir}/x/${kiln.no.such.property}"));
        assertEquals("/usr/lib/ipxe", ArtifactServlet.expand("/usr/lib/ipxe"));
    }

    @ParameterizedTest(name = "{0} bytes from {1}")
    @CsvSource({"0, 0", "1, 0", "65535, 1", "65536, 0", "65537, 100", "200000, 3", "0, 200000"})
    void copySendsExactlyTheRangeAcrossBufferBoundaries(int length, long first) throws Exception {
        byte[] data = new byte[200_003];
        new Random(7).nextBytes(data);
        Path f = Files.write(tmp.resolve("data.bin"), data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel ch = FileChannel.open(f)) {
            ArtifactServlet.copy(ch, first, length, out);
        }
        assertArrayEquals(Arrays.copyOfRange(data, (int) first, (int) first + length), out.toByteArray());
    }

    @Test
    void aFileShorterThanPromisedIsAReadError() throws Exception {
        Path f = Files.write(tmp.resolve("short.bin"), new byte[10]);
        try (FileChannel ch = FileChannel.open(f)) {
            assertThrows(UncheckedIOException.class, () -> ArtifactServlet.copy(ch, 0, 11, new ByteArrayOutputStream()));
        }
    }
}
