package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostPage;
import io.kiln.api.inventory.HostQuery;
import io.kiln.api.inventory.HostSort;
import io.kiln.api.inventory.OnboardingState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostListQueryTest {
    @Test
    void parsesEveryParameter() {
        HostQuery q = HostListQuery.of(HttpRequests.query("site=a&site=b&role=r&state=error&state=Quarantined&label=rack=r1&q=SN&sort=-updated&offset=5&limit=20"));
        assertEquals(List.of("a", "b"), q.sites());
        assertEquals(List.of("r"), q.roles());
        assertEquals(List.of(OnboardingState.ERROR, OnboardingState.QUARANTINED), q.states());
        assertEquals(List.of("rack=r1"), q.labels());
        assertEquals("sn", q.text());
        assertEquals(HostSort.UPDATED, q.sort());
        assertTrue(q.descending());
        assertEquals(5, q.offset());
        assertEquals(20, q.limit());
        assertEquals(HostSort.NAME, HostListQuery.of(HttpRequests.query("")).sort());
    }

    @Test
    void refusesWhatItDoesNotKnowNamingIt() {
        assertTrue(assertThrows(KilnException.class, () -> HostListQuery.of(HttpRequests.query("sort=size"))).getMessage().contains("sort 'size'"));
        assertTrue(assertThrows(KilnException.class, () -> HostListQuery.of(HttpRequests.query("state=gone"))).getMessage().contains("state 'gone'"));
        assertTrue(assertThrows(KilnException.class, () -> HostListQuery.of(HttpRequests.query("sitee=a"))).getMessage().contains("'sitee'"));
        assertThrows(KilnException.class, () -> HostListQuery.of(HttpRequests.query("limit=0")));
        assertThrows(KilnException.class, () -> HostListQuery.of(HttpRequests.query("limit=10001")));
        assertThrows(KilnException.class, () -> HostListQuery.of(HttpRequests.query("q=a&q=b")));
    }

    @Test
    void bodyGivesTheNextOffsetUntilTheLastPage() {
        Host h = Host.of("h", List.of("52:54:00:00:00:01"), null);
        Map<String, Object> b = HostListQuery.body(new HostPage(3, 0, 2, List.of(h, h)));
        assertEquals(2, b.get("next"));
        assertEquals(3, b.get("total"));
        assertNull(HostListQuery.body(new HostPage(3, 2, 2, List.of(h))).get("next"));
    }
}
