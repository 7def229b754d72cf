package io.kiln.web.internal;

import static io.kiln.web.internal.ApiRouterTest.json;
import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Host;
import io.kiln.api.rest.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/hosts/{name}/events and /api/v1/events: what kiln:host-events shows, as JSON. */
class EventsResourceTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    /** Three events of edge-1 and one of gone-1 (a removed host); says which calls it got. */
    static final class FakeEvents implements HostEvents {
        final List<String> calls = new ArrayList<>();
        final List<HostEvent> all = List.of(
                new HostEvent(1, "edge-1", T, EventSource.DHCP, "dhcp-discover", "arch 7"),
                new HostEvent(2, "edge-1", T.plusSeconds(1), EventSource.DHCP, "dhcp-offer", "10.0.0.5"),
                new HostEvent(3, "gone-1", T.plusSeconds(2), EventSource.BMC, "bmc-power", "off"),
                new HostEvent(4, "edge-1", T.plusSeconds(3), EventSource.HTTP, "ipxe-script", "profile microos"));

        public void record(String host, EventSource source, String type, String detail) {
            throw new UnsupportedOperationException();
        }

        public List<HostEvent> events(String host, long afterId, int limit) {
            calls.add(host + " " + afterId + " " + limit);
            if (limit < 1 || limit > 1000) throw KilnException.invalid("limit must be 1-1000, was " + limit);
            return all.stream().filter(e -> e.host().equals(host) && e.id() > afterId).limit(limit).toList();
        }

        public List<HostEvent> recent(long afterId, int limit) {
            calls.add("* " + afterId + " " + limit);
            return all.stream().filter(e -> e.id() > afterId).limit(limit).toList();
        }
    }

    static ApiRouter router(HostEvents events) {
        FakeInventory inventory = new FakeInventory();
        inventory.addHost(Host.builder("edge-1").macs(List.of("52:54:00:00:00:01")).build());
        inventory.addHost(Host.builder("quiet-1").macs(List.of("52:54:00:00:00:02")).build());
        ApiRouter router = new ApiRouter();
        router.add(new EventsResource(inventory, events), new String[] {"events", "hosts/*/events"});
        return router;
    }

    static JsonNode body(ApiResponse r) throws Exception {
        return JsonBody.MAPPER.readTree(json(r));
    }

    @Test
    void aHostsTimelineIsAJsonArrayOldestFirstAndFollowsFromAnId() throws Exception {
        FakeEvents events = new FakeEvents();
        ApiResponse r = router(events).handle(get("/hosts/edge-1/events"));
        assertEquals(200, r.status(), json(r));
        JsonNode a = body(r);
        assertTrue(a.isArray(), json(r));
        assertEquals(3, a.size());
        assertEquals(1, a.get(0).get("id").asLong());
        assertEquals("2026-12-07T12:00:00Z", a.get(0).get("at").asText());
        assertEquals("DHCP", a.get(0).get("source").asText());
        assertEquals("dhcp-discover", a.get(0).get("type").asText());
        assertEquals("arch 7", a.get(0).get("detail").asText());
        assertEquals("edge-1 0 100", events.calls.get(0), "the newest 100 by default");

        JsonNode after = body(router(events).handle(get("/hosts/edge-1/events?after=2&limit=5")));
        assertEquals(1, after.size());
        assertEquals("ipxe-script", after.get(0).get("type").asText());
        assertEquals("edge-1 2 5", events.calls.get(1));
    }

    @Test
    void everyHostsEventsTogether() throws Exception {
        FakeEvents events = new FakeEvents();
        JsonNode a = body(router(events).handle(get("/events?after=1&limit=2")));
        assertEquals(List.of("edge-1", "gone-1"), List.of(a.get(0).get("host").asText(), a.get(1).get("host").asText()));
        assertEquals("* 1 2", events.calls.get(0));
    }

    @Test
    void anUnknownHostIsA404ButARemovedHostsEventsStayReadable() throws Exception {
        ApiRouter api = router(new FakeEvents());
        ApiResponse r = api.handle(get("/hosts/nobody/events"));
        assertEquals(404, r.status());
        assertTrue(json(r).contains("no host named 'nobody'"), json(r));
        assertEquals(200, api.handle(get("/hosts/quiet-1/events")).status(), "a known host with no events yet");
        assertEquals("[ ]", json(api.handle(get("/hosts/quiet-1/events"))));
        assertEquals("bmc-power", body(api.handle(get("/hosts/gone-1/events"))).get(0).get("type").asText());
    }

    @Test
    void badCallsAreProblemsNamingWhatIsWrong() {
        ApiRouter api = router(new FakeEvents());
        ApiResponse bad = api.handle(get("/hosts/edge-1/events?after=yesterday"));
        assertEquals(400, bad.status());
        assertTrue(json(bad).contains("parameter 'after' must be an event id (a number), got 'yesterday'"), json(bad));
        assertTrue(json(api.handle(get("/hosts/edge-1/events?limit=5000"))).contains("limit must be 1-1000, was 5000"));
        ApiResponse unknown = api.handle(get("/events?since=3"));
        assertEquals(400, unknown.status());
        assertTrue(json(unknown).contains("unknown parameter 'since'"), json(unknown));
        assertEquals(405, api.handle(call("POST", "/events", "{}")).status());
        assertEquals(503, router(null).handle(get("/events")).status());
        assertEquals(503, router(null).handle(get("/hosts/edge-1/events")).status());
    }
}
