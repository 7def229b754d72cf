package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangesTest {

    /** "200", "206 first-last" or "416". */
    static String outcome(ByteRanges.Outcome o) {
        if (o instanceof ByteRanges.Partial p) return "206 " + p.first() + "-" + p.last();
        return o instanceof ByteRanges.Unsatisfiable ? "416" : "200";
    }

    @ParameterizedTest(name = "''{0}'' on {1} bytes -> {2}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "null                            | 1000 | 200",
            "bytes=0-99                      | 1000 | 206 0-99",
            "bytes=1000-1999                 | 5000 | 206 1000-1999",
            "bytes=100-                      | 1000 | 206 100-999",
            "bytes=-100                      | 1000 | 206 900-999",
            "bytes=-2000                     | 1000 | 206 0-999",
            "bytes=0-5000                    | 1000 | 206 0-999",
            "bytes=999-999                   | 1000 | 206 999-999",
            "bytes=0-0                       | 1    | 206 0-0",
            "BYTES=0-1                       | 1000 | 206 0-1",
            "'  bytes= 5-9 '                 | 1000 | 206 5-9",
            "bytes=0-99999999999999999999    | 1000 | 206 0-999",
            "bytes=1000-                     | 1000 | 416",
            "bytes=1000-2000                 | 1000 | 416",
            "bytes=-0                        | 1000 | 416",
            "bytes=0-0                       | 0    | 416",
            "bytes=-5                        | 0    | 416",
            "bytes=99999999999999999999-     | 1000 | 416",
            "bytes=5-2                       | 1000 | 200",
            "bytes=0-1,5-6                   | 1000 | 200",
            "bytes=0-1, 2000-3000            | 1000 | 200",
            "items=0-1                       | 1000 | 200",
            "bytes=abc                       | 1000 | 200",
            "bytes=-                         | 1000 | 200",
            "bytes=1-2-3                     | 1000 | 200",
            "bytes=+1-2                      | 1000 | 200",
            "''                              | 1000 | 200",
    })
    void singleRangesAreHonouredTheRestServedWhole(String header, long size, String expected) {
        assertEquals(expected, outcome(ByteRanges.parse(header, size)));
    }

    @ParameterizedTest
    @CsvSource({"bytes=0-99, 100", "bytes=-1, 1", "bytes=10-, 90"})
    void partialLengthCountsBothEnds(String header, long expectedLength) {
        assertEquals(expectedLength, ((ByteRanges.Partial) ByteRanges.parse(header, 100)).length());
    }
}
