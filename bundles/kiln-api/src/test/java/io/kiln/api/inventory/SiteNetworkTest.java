package io.kiln.api.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inventory's network fields go through io.kiln.api.net: the same spellings are accepted and refused there. */
class SiteNetworkTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.20.0.0/24 | 10.20.0.0/24", " 10.20.0.0/24 | 10.20.0.0/24", "10.20.0.9/24 | 10.20.0.0/24"})
    void subnetsAreCidrWithHostBitsCleared(String subnet, String network) {
        SiteNetwork n = new SiteNetwork(subnet, "10.20.0.1", List.of("10.20.0.100-10.20.0.199", "10.20.0.200 - 10.20.0.210"), List.of("10.20.0.2"));
        assertEquals(network, n.network().toString());
        assertEquals("[10.20.0.100-10.20.0.199, 10.20.0.200-10.20.0.210]", n.ranges().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.20.0.0 | 10.20.0.1 | 10.20.0.100-10.20.0.199 | 10.20.0.2 | subnet '10.20.0.0' is not IPv4 CIDR",
            "10.20.0.0/33 | 10.20.0.1 | 10.20.0.100-10.20.0.199 | 10.20.0.2 | subnet '10.20.0.0/33' is not IPv4 CIDR",
            "10.20.0.0/24 | 10.20.0.01 | 10.20.0.100-10.20.0.199 | 10.20.0.2 | gateway '10.20.0.01' is not an IPv4 address",
            "10.20.0.0/24 | 10.20.0.1 | 10.20.0.100 | 10.20.0.2 | pool '10.20.0.100' must be FIRST-LAST",
            "10.20.0.0/24 | 10.20.0.1 | 10.20.0.100-10.20.0.256 | 10.20.0.2 | pool '10.20.0.100-10.20.0.256' must be FIRST-LAST",
            "10.20.0.0/24 | 10.20.0.1 | 10.20.0.100-10.20.0.199 | 1.2.3 | relay '1.2.3' is not an IPv4 address"})
    void badFieldsAreNamed(String subnet, String gateway, String pool, String relay, String message) {
        KilnException e = assertThrows(KilnException.class, () -> new SiteNetwork(subnet, gateway, List.of(pool), List.of(relay)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"4C4C4544-0042-3510-8052-B4C04F4E4D32 | 10.0.0.5 | ", "{4c4c4544-0042-3510-8052-b4c04f4e4d32} | 10.0.0.5 | not a UUID: '{",
            "4c4c4544-0042-3510-8052-b4c04f4e4d32 | 10.0.0.05 | not an IPv4 address: '10.0.0.05'"})
    void hostIdentitiesAreCheckedByTheValueTypes(String uuid, String ipv4, String message) {
        if (message == null) {
            Host h = new Host("h", List.of("52-54-00-AB-CD-EF"), uuid, null, null, ipv4, null, Map.of());
            assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4d32", h.uuid());
            assertEquals(List.of("52:54:00:ab:cd:ef"), h.macs());
        } else {
            KilnException e = assertThrows(KilnException.class, () -> new Host("h", List.of("52:54:00:ab:cd:ef"), uuid, null, null, ipv4, null, Map.of()));
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
        }
    }
}
