package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.Host;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks before a stream starts: a known host, a number to resume after, a free slot; else the usual problems. */
class EventStreamResourceTest {
    final EventStreams streams = new EventStreams(null, Map.of("maxEventStreams", 1), 3600);

    @AfterEach
    void close() {
        streams.close();
    }

    ApiRouter router() {
        FakeInventory inv = new FakeInventory();
        inv.addHost(Host.builder("edge-1").macs(List.of("52:54:00:00:00:01")).build());
        ApiRouter r = new ApiRouter();
        r.add(new EventStreamResource(streams, inv), new String[] {"events/stream", "hosts/*/events/stream"});
        return r;
    }

    static ApiRequest get(String path, Map<String, String> headers) {
        return new ApiRequest("GET", HttpRequests.segments(path.split("\\?")[0]), HttpRequests.query(path.contains("?") ? path.split("\\?")[1] : null),
                headers, null, "karaf");
    }

    @Test
    void problemsBeforeAStreamStarts() {
        ApiRouter r = router();
        assertEquals(404, r.handle(get("/hosts/nobody/events/stream", Map.of())).status());
        assertEquals(400, r.handle(get("/events/stream", Map.of("Last-Event-ID", "abc"))).status());
        assertEquals(400, r.handle(get("/events/stream?after=-1", Map.of())).status());
        assertEquals(400, r.handle(get("/events/stream?since=1", Map.of())).status());
        assertEquals(405, r.handle(new ApiRequest("POST", List.of("events", "stream"), Map.of(), Map.of(), null, "karaf")).status());
        ApiResponse ok = r.handle(get("/hosts/edge-1/events/stream", Map.of("Last-Event-ID", "42")));
        assertEquals(200, ok.status());
        assertTrue(ok.body() instanceof Streaming, "the servlet hands the request over");
        ApiResponse full = r.handle(get("/events/stream", Map.of()));
        assertEquals(503, full.status(), "one slot, reserved by the first");
        assertEquals("30", full.headers().get("Retry-After"));
    }

    @Test
    void resumeFromTheHeaderElseTheParameter() {
        assertEquals(42, EventStreamResource.after(get("/events/stream?after=7", Map.of("Last-Event-ID", "42"))));
        assertEquals(7, EventStreamResource.after(get("/events/stream?after=7", Map.of())));
        assertEquals(-1, EventStreamResource.after(get("/events/stream", Map.of())), "new events only");
        assertEquals(0, EventStreamResource.after(get("/events/stream", Map.of("Last-Event-ID", "0"))), "from the start");
    }
}
