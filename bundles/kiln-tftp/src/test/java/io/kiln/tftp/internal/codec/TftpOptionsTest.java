package io.kiln.tftp.internal.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TftpOptionsTest {

    @ParameterizedTest(name = "blksize {0} -> {1}")
    @CsvSource({"8, 8", "512, 512", "1468, 1468", "65464, 65464", "65465, 65464", "99999999, 65464",
            "7, -1", "0, -1", "-1, -1", "abc, -1", "'', -1", "' 512', -1", "1e3, -1", "99999999999999999999, -1"})
    void blksizeRange(String value, int expected) {
        assertEquals(expected < 0 ? OptionalInt.empty() : OptionalInt.of(expected), TftpOptions.blksize(value));
    }

    @ParameterizedTest(name = "windowsize {0} -> {1}")
    @CsvSource({"1, 1", "16, 16", "65535, 65535", "0, -1", "65536, -1", "x, -1"})
    void windowsizeRange(String value, int expected) {
        assertEquals(expected < 0 ? OptionalInt.empty() : OptionalInt.of(expected), TftpOptions.windowsize(value));
    }

    @ParameterizedTest(name = "timeout {0} -> {1}")
    @CsvSource({"1, 1", "255, 255", "0, -1", "256, -1", "2.5, -1"})
    void timeoutRange(String value, int expected) {
        assertEquals(expected < 0 ? OptionalInt.empty() : OptionalInt.of(expected), TftpOptions.timeout(value));
    }
}
