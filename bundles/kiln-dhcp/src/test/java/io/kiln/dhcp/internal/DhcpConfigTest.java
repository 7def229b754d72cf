package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.config.ConfigFile;
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
            "10.1.0.0     | 10.1.0.100-10.1.0.102 | 10.1.0.1  | pool.a.subnet = '10.1.0.0' is not a CIDR block with a prefix from 8 to 30, e.g. 10.0.0.0/24",
            "10.1.0.0/33  | 10.1.0.100-10.1.0.102 | 10.1.0.1  | pool.a.subnet = '10.1.0.0/33' is not a CIDR block with a prefix from 8 to 30, e.g. 10.0.0.0/24",
            "010.1.0.0/24 | 10.1.0.100-10.1.0.102 | 10.1.0.1  | pool.a.subnet = '010.1.0.0/24' is not a CIDR block with a prefix from 8 to 30, e.g. 10.0.0.0/24",
            "10.1.0.0/31  | 10.1.0.100-10.1.0.102 | 10.1.0.1  | pool.a.subnet = '10.1.0.0/31' is not a CIDR block with a prefix from 8 to 30, e.g. 10.0.0.0/24",
            "10.1.0.0/24  | 10.1.0.100            | 10.1.0.1  | pool.a.range = '10.1.0.100' is not FIRST-LAST inside 10.1.0.0/24 without its network and broadcast addresses",
            "10.1.0.0/24  | 10.1.0.100-10.1.0.300 | 10.1.0.1  | pool.a.range = '10.1.0.100-10.1.0.300' is not FIRST-LAST inside 10.1.0.0/24 without its network and broadcast addresses",
            "10.1.0.0/24  | 10.1.0.102-10.1.0.100 | 10.1.0.1  | pool.a.range = '10.1.0.102-10.1.0.100' is not FIRST-LAST inside 10.1.0.0/24 without its network and broadcast addresses",
            "10.1.0.0/24  | 10.1.0.0-10.1.0.100   | 10.1.0.1  | pool.a.range = '10.1.0.0-10.1.0.100' is not FIRST-LAST inside 10.1.0.0/24 without its network and broadcast addresses",
            "10.1.0.0/24  | 10.1.0.100-10.1.0.102 | 10.1.0.01 | pool.a.dns = '10.1.0.01' is not a comma-separated list of IPv4 addresses"})
    void badPoolSettingsSayWhich(String subnet, String range, String dns, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(subnet, range, dns));
        assertEquals("etc/io.kiln.dhcp.cfg: " + message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mode         | fulll | mode = 'fulll' is not 'proxy' or 'full'",
            "enabled      | maybe | enabled = 'maybe' is not true or false",
            "port         | abc   | port = 'abc' is not a number from 0 to 65535",
            "offerSeconds | 0     | offerSeconds = '0' is not a number from 1 to 3600",
            "serverAddress| kiln  | serverAddress = 'kiln' is not an IPv4 address (or empty)",
            "limit.sourceOffers | -1 | limit.sourceOffers = '-1' is not a number from 0 to 10000000",
            "poolWarnPercent | 0 | poolWarnPercent = '0' is not a number from 1 to 100",
            "knownServers | 10.0.0.1 dhcp | knownServers = '10.0.0.1 dhcp' is not a comma-separated list of IPv4 addresses"})
    void badSettingsSayWhich(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DhcpConfig.parse(Map.of(key, value)));
        assertEquals("etc/io.kiln.dhcp.cfg: " + message, e.getMessage());
    }

    @Test
    void guardSettingsHaveDefaultsAndAreRead() {
        assertEquals(DhcpGuardConfig.DEFAULTS, DhcpConfig.parse(Map.of()).guard());
        DhcpGuardConfig g = DhcpConfig.parse(Map.of("limit.macPerSecond", "0", "limit.sourceOffers", "50", "limit.sourcePerSecond", "5",
                "poolWarnPercent", "75", "rogueWatch", "false", "knownServers", "10.0.0.1, 10.0.0.2")).guard();
        assertEquals(new DhcpGuardConfig(0, 50, 5, 75, false, List.of(Ipv4.parse("10.0.0.1"), Ipv4.parse("10.0.0.2"))), g);
    }

    @Test
    void unknownKeysAreWarningsNotErrors() {
        ConfigFile c = ConfigFile.of(DhcpConfig.PID, Map.of("mode", "full", "pool.a.subnet", "10.1.0.0/24", "pool.a.range",
                "10.1.0.100-10.1.0.102", "pool.a.rnage", "x", "offerSecond", "5", "service.pid", "io.kiln.dhcp"));
        assertEquals(1, DhcpConfig.parse(c).pools().size());
        assertEquals(2, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).startsWith("etc/io.kiln.dhcp.cfg: unknown key 'offerSecond' ignored (known: "), c.warnings().get(0));
        assertTrue(c.warnings().get(1).startsWith("etc/io.kiln.dhcp.cfg: unknown key 'pool.a.rnage' ignored"), c.warnings().get(1));
    }
}
