package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Site;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownFieldsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "host | '{\"name\":\"h\",\"bmc\":{\"adress\":\"x\"}}' | unknown field 'bmc.adress' in host at line 1",
            "host | '{\"name\":\"h\",\n\"labels\":{\"any\":\"thing\"},\n\"colour\":1}' | unknown field 'colour' in host at line 3",
            "host | '{\"name\":\"h\",\"macs\":[\"a\"],\"vars\":{\"x\":{\"deep\":1}}}' | ''",
            "cluster | '{\"members\":[{\"host\":\"a\"},{\"host\":\"b\",\"rol\":\"WORKER\"}]}' | unknown field 'members[1].rol' in cluster",
            "site | '{\"networks\":[{\"subnet\":\"10.0.0.0/24\",\"pool\":[]}]}' | unknown field 'networks[0].pool' in site",
            "site | '{\"name\":\"s\"}' | ''"})
    void findsTheFirstUnknownFieldWithItsPath(String what, String json, String expected) throws Exception {
        Class<?> type = switch (what) {
            case "host" -> Host.class;
            case "cluster" -> Cluster.class;
            default -> Site.class;
        };
        String found = UnknownFields.find(json.getBytes(StandardCharsets.UTF_8), type, what).orElse("");
        // no unknown field: nothing found; else the message starts with the expected one (the full one may go on)
        assertTrue(expected.isEmpty() ? found.isEmpty() : found.startsWith(expected), "found: '" + found + "'");
    }
}
