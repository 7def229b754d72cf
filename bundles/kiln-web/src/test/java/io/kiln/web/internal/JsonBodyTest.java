package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Instance;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonBodyTest {

    static Object read(EntityKind kind, String json, String urlName) {
        return JsonBody.read(json.getBytes(StandardCharsets.UTF_8), kind, urlName);
    }

    @Test
    void readsEntitiesWithNestedRecordsAndEnums() {
        Cluster c = (Cluster) read(EntityKind.CLUSTER, "{\"name\":\"k\",\"site\":\"s\",\"members\":[{\"host\":\"a\",\"role\":\"CONTROL_PLANE\"},{\"host\":\"b\"}]}", null);
        assertEquals(ClusterRole.CONTROL_PLANE, c.members().get(0).role());
        assertEquals(ClusterRole.WORKER, c.members().get(1).role());
        Host h = (Host) read(EntityKind.HOST, "{\"name\":\"h\",\"macs\":[\"52-54-00-00-00-01\"],\"bmc\":{\"address\":\"https://10.0.0.9\",\"plugin\":\"redfish\"}}", null);
        assertEquals("52:54:00:00:00:01", h.macs().get(0));
        assertEquals("redfish", h.bmc().plugin());
    }

    @Test
    void theUrlNameFillsAMissingNameAndMustMatchAGivenOne() {
        assertEquals("h1", ((Host) read(EntityKind.HOST, "{\"macs\":[\"52:54:00:00:00:01\"]}", "h1")).name());
        assertEquals("h1", ((Instance) read(EntityKind.INSTANCE, "{\"profile\":\"os\"}", "h1")).host(), "an instance is named by its host");
        KilnException e = assertThrows(KilnException.class, () -> read(EntityKind.HOST, "{\"name\":\"h2\",\"macs\":[\"52:54:00:00:00:01\"]}", "h1"));
        assertTrue(e.getMessage().contains("differs from the URL"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // body | what the message must say
            "'{\"name\":\"h\",\n \"macs\":[\"52:54:00:00:00:01\"],\n \"colour\":\"red\"}' | unknown field 'colour' in host at line 3",
            "'{\"name\":\"h\",\"macs\":[\"52:54:00:00:00:01\"],\"bmc\":{\"adress\":\"x\"}}' | unknown field 'bmc.adress'",
            "'{\"name\":\"h\",\n\"macs\":[\"52:54:00:00:00:01\"' | malformed JSON at line 2",
            "'{\"name\": h}' | malformed JSON at line 1, column",
            "'{\"name\":\"h\",\"macs\":[\"52:54:00:00:00:01\"],\"mode\":\"SOMETIMES\"}' | field 'mode'",
            "'{\"name\":\"h\",\"macs\":[\"nope\"]}' | not a MAC address: 'nope'",
            "'{\"name\":\"h\",\"macs\":{\"a\":1}}' | field 'macs'",
            "'{\"name\":\"h\",\"name\":\"i\"}' | Duplicate field 'name'",
            "'[1,2]' | must be a JSON object",
            "'{\"name\":\"h\",\"macs\":[\"52:54:00:00:00:01\"]} {}' | malformed JSON",
            "'' | a JSON body (a host) is required"})
    void refusesBadBodiesNamingTheFieldAndLine(String body, String message) {
        KilnException e = assertThrows(KilnException.class, () -> read(EntityKind.HOST, body, null));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(!e.getMessage().contains("io.kiln.api") && !e.getMessage().contains("\tat ") && !e.getMessage().contains("Source:")
                && !e.getMessage().contains("StreamReadFeature"), "no class names, parser internals or stack: " + e.getMessage());
    }

    @Test
    void aBadEnumValueListsTheAcceptedOnes() {
        KilnException e = assertThrows(KilnException.class, () -> read(EntityKind.CLUSTER,
                "{\"name\":\"k\",\"site\":\"s\",\"members\":[{\"host\":\"a\",\"role\":\"boss\"}]}", null));
        assertTrue(e.getMessage().contains("members[0].role") && e.getMessage().contains("CONTROL_PLANE"), e.getMessage());
    }
}
