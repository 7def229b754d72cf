package io.kiln.plugin.redfish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.spi.vendor.BmcEndpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostSettingsTest {
    static BmcEndpoint bmc(String address, Map<String, String> props) {
        return new BmcEndpoint("n1", address, null, null, props);
    }

    @ParameterizedTest
    @CsvSource({
        "redfish://10.0.0.10, https://10.0.0.10",
        "https://bmc.rack1:8443/redfish/v1, https://bmc.rack1:8443",
        "http://127.0.0.1:8000, http://127.0.0.1:8000",
        "REDFISH://[fd00::10], https://[fd00::10]",
    })
    void addressesMeanHttpsUnlessTheySayHttp(String address, String base) {
        assertEquals(URI.create(base), HostSettings.of(bmc(address, Map.of())).base());
    }

    @Test
    void defaults() {
        HostSettings s = HostSettings.of(bmc("redfish://10.0.0.10", Map.of()));
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals(Duration.ofSeconds(20), s.powerWait());
        assertFalse(s.insecure(), "trusting any certificate is never the default");
        assertEquals(null, s.tlsSha256());
    }

    @Test
    void aPinIsNormalised() {
        String pin = "90:D4:3F:1A:14:AC:79:CE:F8:0D:73:6E:65:8C:8E:07:8C:24:72:C5:31:07:C7:B8:C7:65:F5:8F:1C:F6:0A:3B";
        assertEquals("90d43f1a14ac79cef80d736e658c8e078c2472c53107c7b8c765f58f1cf60a3b",
                HostSettings.of(bmc("https://b", Map.of(HostSettings.TLS_SHA256, pin))).tlsSha256());
    }

    /** property | value | the one problem it causes (a fragment). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redfish.tlsSha256      | abcd               | is not a SHA-256 fingerprint",
        "redfish.insecure       | yes                | must be true or false",
        "redfish.timeoutSeconds | 0                  | must be a whole number of seconds, 1..120",
        "redfish.timeoutSeconds | ten                | must be a whole number of seconds, 1..120",
        "redfish.powerWaitSeconds | 601              | 0..600",
        "redfish.systemId       | ../Managers/1      | is not a Redfish Id",
        "redfish.caFile         | relative/ca.pem    | must be an absolute path",
        "redfish.caFile         | /nonexistent/ca.pem | is not a readable file",
    })
    void eachBadValueIsOneLine(String key, String value, String fragment) {
        List<String> problems = HostSettings.problems(bmc("https://b", Map.of(key, value)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(key + " '" + value + "'"), problems.get(0));
        assertTrue(problems.get(0).contains(fragment), problems.get(0));
    }

    @Test
    void contradictionsAndPlainHttp(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        String pin = "ab".repeat(32);
        assertEquals(List.of("redfish.insecure=true contradicts redfish.tlsSha256: trust one way only"),
                HostSettings.problems(bmc("https://b", Map.of(HostSettings.INSECURE, "true", HostSettings.TLS_SHA256, pin))));
        assertEquals(List.of("redfish.tlsSha256 and redfish.caFile are both set: trust one way only"),
                HostSettings.problems(bmc("https://b", Map.of(HostSettings.CA_FILE, ca.toString(), HostSettings.TLS_SHA256, pin))));
        List<String> http = HostSettings.problems(bmc("http://b", Map.of(HostSettings.INSECURE, "true")));
        assertEquals(1, http.size());
        assertTrue(http.get(0).contains("plain http://"), http.get(0));
        assertEquals(List.of("BMC address 'ipmi://10.0.0.1' is not redfish://HOST[:PORT], https://HOST[:PORT] or http://HOST[:PORT]"),
                HostSettings.problems(bmc("ipmi://10.0.0.1", Map.of())));
        assertEquals(1, HostSettings.problems(bmc("https://user:pw@b", Map.of())).size(), "no logins in the address");
        assertTrue(HostSettings.problems(bmc("redfish://b", Map.of(HostSettings.INSECURE, "TRUE", HostSettings.TIMEOUT, "30"))).isEmpty());
    }

    @Test
    void everyPropertyIsDeclaredWithItsMeaning() {
        assertEquals(List.of("redfish.systemId", "redfish.managerId", "redfish.tlsSha256", "redfish.caFile", "redfish.insecure",
                "redfish.timeoutSeconds", "redfish.powerWaitSeconds"), List.copyOf(HostSettings.PROPERTIES.keySet()));
        HostSettings.PROPERTIES.values().forEach(v -> assertTrue(v.length() > 20, v));
    }
}
