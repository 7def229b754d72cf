package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pool settings are read with io.kiln.api.net's parsers; a bad one names its key. */
class DhcpConfigTest {

    private static DhcpConfig parse(String subnet, String range, String dns) {
        return DhcpConfig.parse(Map.of("mode", "full", "pool.a.subnet", subnet, "pool.a.range", range, "pool.a.dns", dns));
    }

    @Test
    void aPoolIsReadAsInts() {
        PoolConfig p = parse("10.1.0.7/24", "10.1.0.100 - 10.1.0.102", "10.1.0.1, 10.1.0.2").pools().get(0);
        assertEquals(Ipv4.parse("10.1.0.0"), p.network(), "host bits cleared");
        assertEquals(24, p.prefix());
        assertEquals(3, p.size());
        assertEquals(List.of(Ipv4.parse("10.1.0.1"), Ipv4.parse("10.1.0.2")), p.dns());
        assertEquals(Ipv4.parse("10.1.0.255"), p.broadcast());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.1.0.0 | 10.1.0.100-10.1.0.102 | 10.1.0.1 | pool.a.subnet = '10.1.0.0': use CIDR",
            "10.1.0.0/33 | 10.1.0.100-10.1.0.102 | 10.1.0.1 | pool.a.subnet = '10.1.0.0/33': use CIDR",
            "010.1.0.0/24 | 10.1.0.100-10.1.0.102 | 10.1.0.1 | pool.a.subnet = '010.1.0.0/24': use CIDR",
            "10.1.0.0/31 | 10.1.0.100-10.1.0.102 | 10.1.0.1 | pool.a.subnet: prefix must be 8..30",
            "10.1.0.0/24 | 10.1.0.100 | 10.1.0.1 | pool.a.range = '10.1.0.100': use FIRST-LAST",
            "10.1.0.0/24 | 10.1.0.100-10.1.0.300 | 10.1.0.1 | pool.a.range = '10.1.0.100-10.1.0.300': use FIRST-LAST",
            "10.1.0.0/24 | 10.1.0.102-10.1.0.100 | 10.1.0.1 | pool.a.range = '10.1.0.102-10.1.0.100' must lie inside",
            "10.1.0.0/24 | 10.1.0.0-10.1.0.100 | 10.1.0.1 | pool.a.range = '10.1.0.0-10.1.0.100' must lie inside",
            "10.1.0.0/24 | 10.1.0.100-10.1.0.102 | 10.1.0.01 | not an IPv4 address: '10.1.0.01'"})
    void badPoolSettingsSayWhich(String subnet, String range, String dns, String message) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> parse(subnet, range, dns));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
