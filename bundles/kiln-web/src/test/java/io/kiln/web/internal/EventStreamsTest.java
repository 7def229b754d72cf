package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.rest.ApiProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live streams: filtering by host, resuming after Last-Event-ID without gaps or repeats, the limit, heartbeats, clients that go away. */
class EventStreamsTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
    final List<EventStreams> hubs = new ArrayList<>();

    @AfterEach
    void close() {
        hubs.forEach(EventStreams::close);
    }

    static HostEvent ev(long id, String host) {
        return new HostEvent(id, host, T.plusSeconds(id), EventSource.DHCP, "dhcp-ack", "event " + id);
    }

    /** A client: what it received, and whether the server completed the exchange; it can go away (writes then fail). */
    static final class Client {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final Map<String, String> headers = new HashMap<>();
        volatile boolean completed, gone;

        synchronized String text() {
            return got.toString(StandardCharsets.UTF_8);
        }

        List<Long> ids() {
            List<Long> out = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^id: (\\d+)$").matcher(text());
            while (m.find()) out.add(Long.parseLong(m.group(1)));
            return out;
        }

        void start(EventStreams hub, String host, long after) throws IOException {
            AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class}, (p, m, a) -> {
                if (m.getName().equals("complete")) completed = true;
                return null;
            });
            ServletOutputStream out = new ServletOutputStream() {
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener l) { }
                @Override public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }
                @Override public void write(byte[] b, int off, int len) throws IOException {
                    if (gone) throw new IOException("Broken pipe");
                    synchronized (Client.this) {
                        got.write(b, off, len);
                    }
                }
            };
            HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                    (p, m, a) -> m.getName().equals("startAsync") ? async : null);
            HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                    (p, m, a) -> {
                        switch (m.getName()) {
                            case "getOutputStream" -> { return out; }
                            case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                            case "setContentType" -> headers.put("Content-Type", (String) a[0]);
                            default -> { }
                        }
                        return null;
                    });
            hub.reserve();
            hub.start(req, resp, host, after);
        }
    }

    /** The store holds events 1..4 of host a. */
    static final class Stored implements HostEvents {
        @Override public void record(String host, EventSource source, String type, String detail) { }
        @Override public List<HostEvent> events(String host, long afterId, int limit) {
            return List.of(ev(1, "a"), ev(2, "a"), ev(3, "a"), ev(4, "a")).stream().filter(e -> e.host().equals(host) && e.id() > afterId).toList();
        }
        @Override public List<HostEvent> recent(long afterId, int limit) {
            return events("a", afterId, limit);
        }
    }

    EventStreams hub(int max, int heartbeatSeconds) {
        EventStreams h = new EventStreams(new Stored(), Map.of("maxEventStreams", max), heartbeatSeconds);
        hubs.add(h);
        return h;
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aHostsStreamGetsItsNewEventsAsSseFrames() throws Exception {
        EventStreams hub = hub(5, 3600);
        Client c = new Client();
        c.start(hub, "a", -1);
        assertEquals("text/event-stream", c.headers.get("Content-Type"));
        hub.stored(List.of(ev(5, "a"), ev(6, "b"), ev(7, "a")));
        await("two events", () -> c.ids().size() == 2);
        assertEquals(List.of(5L, 7L), c.ids());
        String frame = EventStreams.frame(ev(5, "a"));
        assertTrue(c.text().contains(frame), c.text());
        assertTrue(frame.startsWith("id: 5\nevent: dhcp-ack\ndata: {\"id\":5,\"host\":\"a\",\"at\":\"2026-12-07T12:00:05Z\",\"source\":\"DHCP\""), frame);
        Client all = new Client();
        all.start(hub, null, -1);
        hub.stored(List.of(ev(8, "b")));
        await("every host's", () -> all.ids().equals(List.of(8L)));
    }

    @Test
    void resumingAfterLastEventIdGetsWhatItMissedThenLiveWithoutRepeats() throws Exception {
        EventStreams hub = hub(5, 3600);
        Client c = new Client();
        c.start(hub, "a", 2);
        hub.stored(List.of(ev(4, "a"), ev(9, "a"))); // 4 may come live and from the store: once only
        await("3, 4 and 9", () -> c.ids().size() >= 3);
        assertEquals(List.of(3L, 4L, 9L), c.ids());
        Client fromStart = new Client();
        fromStart.start(hub, "a", 0);
        await("1 to 4 from the store", () -> fromStart.ids().size() == 4);
    }

    @Test
    void beyondTheLimitIsA503AndAClosedStreamFreesItsSlot() throws Exception {
        EventStreams hub = hub(1, 1);
        Client c = new Client();
        c.start(hub, "a", -1);
        ApiProblem refused = assertThrows(ApiProblem.class, hub::reserve);
        assertEquals(503, refused.status());
        assertTrue(refused.getMessage().contains("maxEventStreams"), refused.getMessage());
        await("a heartbeat", () -> c.text().contains(": heartbeat\n\n"));
        c.gone = true; // the client went away: the next heartbeat's write fails
        await("the stream closed", () -> hub.count() == 0);
        assertTrue(c.completed);
        hub.reserve(); // its slot is free again
    }

    @Test
    void aClientThatStopsReadingIsClosedNotWaitedFor() throws Exception {
        EventStreams hub = hub(5, 3600);
        Client c = new Client();
        c.start(hub, "a", -1);
        List<HostEvent> flood = new ArrayList<>();
        for (int i = 0; i < EventStreams.QUEUE_LIMIT + 10; i++) flood.add(ev(100 + i, "a"));
        c.gone = true;
        hub.stored(flood);
        await("closed", () -> hub.count() == 0);
        assertFalse(c.text().contains("id: " + (100 + EventStreams.QUEUE_LIMIT + 9)));
    }
}
