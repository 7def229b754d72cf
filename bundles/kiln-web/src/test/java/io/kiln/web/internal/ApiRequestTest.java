package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    @Test
    void splitsThePathIgnoringEmptySegments() {
        assertEquals(List.of("hosts", "edge-1", "variables"), HttpRequests.segments("/hosts//edge-1/variables/"));
        assertEquals(List.of(), HttpRequests.segments(null));
        assertEquals(List.of(), HttpRequests.segments("/"));
    }

    @Test
    void parsesTheQueryStringKeepingRepeatsAndEqualsSignsInValues() {
        Map<String, List<String>> q = HttpRequests.query("site=shop%207&label=rack=r1&label=zone%3Da&force&limit=");
        assertEquals(List.of("shop 7"), q.get("site"));
        assertEquals(List.of("rack=r1", "zone=a"), q.get("label"));
        assertEquals(List.of(""), q.get("force"));
        assertEquals(List.of(""), q.get("limit"));
        assertTrue(HttpRequests.query(null).isEmpty());
        assertThrows(KilnException.class, () -> HttpRequests.query("site=%zz"));
    }

    @Test
    void typedParametersSayWhatIsWrong() {
        ApiRequest r = Calls.get("/hosts?limit=x&force&dry=false&odd=maybe");
        assertTrue(assertThrows(KilnException.class, () -> r.intParam("limit", 1)).getMessage().contains("'limit' must be a number"));
        assertTrue(r.boolParam("force"));
        assertFalse(r.boolParam("dry"));
        assertFalse(r.boolParam("absent"));
        assertThrows(KilnException.class, () -> r.boolParam("odd"));
        assertEquals(5, r.intParam("offset", 5));
    }

    @Test
    void headersAreCaseInsensitive() {
        ApiRequest r = Calls.call("PUT", "/hosts/h", "{}", "if-match", "\"3\"");
        assertEquals("\"3\"", r.header("If-Match"));
        assertEquals("/api/v1/hosts/h", r.where());
    }
}
