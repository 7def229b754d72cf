package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.0/8,::1 | 127.0.0.1 | true",
            "127.0.0.0/8,::1 | 127.9.9.9 | true",
            "127.0.0.0/8,::1 | 0:0:0:0:0:0:0:1 | true",
            "127.0.0.0/8,::1 | [0:0:0:0:0:0:0:1] | true",
            "127.0.0.0/8 | [0:0:0:0:0:0:0:1] | false",
            "127.0.0.0/8,::1 | 10.0.0.1 | false",
            "10.213.0.0/16 | 10.213.2.2 | true",
            "10.213.0.0/16 | 10.214.2.2 | false",
            "10.0.0.5 | 10.0.0.5 | true",
            "10.0.0.5 | 10.0.0.6 | false",
            "192.168.0.0/23 | 192.168.1.200 | true",
            "192.168.0.0/23 | 192.168.2.1 | false",
            "* | 203.0.113.9 | true",
            "127.0.0.0/8 | not-an-ip | false"})
    void matchesCidrBlocks(String spec, String addr, boolean allowed) {
        assertEquals(allowed, new ClientFilter(spec).allows(addr));
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "example.org", "10.0.0.0/x"})
    void rejectsBadEntriesWithTheirName(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientFilter(spec));
        assertEquals(true, e.getMessage().contains(spec));
    }
}
