package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.status.Health;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BootSettingsTest {

    /** Each refused value: the line kiln:status shows, and booting goes on with the default. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "unknownPolicy | bogus     | etc/io.kiln.boot.cfg: unknownPolicy = 'bogus' is not 'ignore' or 'discover'",
            "httpScheme    | ftp       | etc/io.kiln.boot.cfg: httpScheme = 'ftp' is not 'http' or 'https'",
            "httpPort      | abc       | etc/io.kiln.boot.cfg: httpPort = 'abc' is not a number from 1 to 65535",
            "httpPort      | 0         | etc/io.kiln.boot.cfg: httpPort = '0' is not a number from 1 to 65535",
            "httpPort      | 65536     | etc/io.kiln.boot.cfg: httpPort = '65536' is not a number from 1 to 65535",
            "serverAddress | not an ip | etc/io.kiln.boot.cfg: serverAddress = 'not an ip' is not an IPv4 address (or empty)",
            "serverAddress | kiln.lan  | etc/io.kiln.boot.cfg: serverAddress = 'kiln.lan' is not an IPv4 address (or empty)"})
    void aRefusedValueIsOneLineAndTheDefault(String key, String value, String message) {
        BootSettings s = BootSettings.read(Map.of(key, value));
        assertEquals(List.of(message), s.file().errors());
        assertEquals(Health.degraded(message), new BootConfiguration(Map.of(key, value)).health());
        assertEquals(UnknownPolicy.IGNORE, s.policy());
        assertEquals("http", s.scheme());
        assertEquals(8080, s.port());
        assertEquals("", s.serverAddress());
    }

    @Test
    void discoverNeedsAProfile() {
        Map<String, Object> p = new HashMap<>(Map.of("unknownPolicy", "discover", "discoveryProfile", ""));
        BootSettings s = BootSettings.read(p);
        assertEquals(List.of("etc/io.kiln.boot.cfg: discoveryProfile = '' is not a boot profile's name (unknownPolicy is 'discover')"),
                s.file().errors());
        assertEquals("discovery", s.discoveryProfile());
        assertEquals(UnknownPolicy.DISCOVER, s.policy());
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        BootSettings s = BootSettings.read(Map.of("unknownPolicy", "Discover", "httpPortt", "8081", "service.pid", "io.kiln.boot"));
        assertEquals(UnknownPolicy.DISCOVER, s.policy());
        assertTrue(s.file().errors().isEmpty());
        assertEquals(List.of("etc/io.kiln.boot.cfg: unknown key 'httpPortt' ignored (known: discoveryProfile, httpPort, httpScheme, httpsPort, "
                + "loaderArm64, loaderArm64Http, loaderBios, loaderEfiIa32, loaderEfiX64, loaderEfiX64Http, quarantineProfile, serverAddress, uefiHttpsBoot, unknownPolicy)"),
                s.file().warnings());
    }

    @Test
    void theShippedFileIsClean() {
        BootSettings s = BootSettings.read(Map.of("unknownPolicy", "ignore", "discoveryProfile", "discovery", "httpPort", "8080",
                "httpScheme", "http", "serverAddress", "", "loaderBios", "undionly.kpxe", "loaderEfiIa32", ""));
        assertEquals(Health.up(), s.file().health());
    }
}
