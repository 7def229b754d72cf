package io.kiln.events.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.status.SubsystemStatus.State;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks against real HTTP receivers on 127.0.0.1: signed, retried with backoff, and never in the way of recording. */
class WebhooksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Webhook retries after 50 ms, doubling; retention never runs by itself. */
    static final HostEventsImpl.Timing TIMING = new HostEventsImpl.Timing(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofHours(1));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    Receiver receiver() throws Exception {
        Receiver r = new Receiver();
        open.add(r);
        return r;
    }

    HostEventsImpl events(MemoryLog log, Map<String, ?> config) {
        HostEventsImpl e = new HostEventsImpl(log, config, Clock.systemUTC(), TIMING);
        open.add(e::close);
        return e;
    }

    /** HMAC-SHA256 of the body with the secret, as a receiver checks it: computed here, not with Kiln's code. */
    static String expectedSignature(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aDeliveryIsRetriedWithBackoffUntilTheReceiverTakesItSignedAsDocumented() throws Exception {
        Receiver ops = receiver().failing(503, 500);
        MemoryLog log = new MemoryLog();
        HostEventsImpl events = events(log, Map.of("webhook.ops.url", ops.url().toString(), "webhook.ops.secret", "s3cr3t ünïcode",
                "webhook.ops.types", "dhcp-*, quarantined", "webhookAttempts", "4"));
        events.record("edge-1", EventSource.TFTP, "tftp-sent", "not wanted by ops");
        events.record("edge-1", EventSource.DHCP, "dhcp-ack", "10.0.0.5 \"quoted\"");

        List<Receiver.Got> got = ops.await(3, Duration.ofSeconds(10));
        assertEquals(3, got.size(), "two failures, then taken: " + got);
        long first = (got.get(1).atNanos() - got.get(0).atNanos()) / 1_000_000, second = (got.get(2).atNanos() - got.get(1).atNanos()) / 1_000_000;
        assertTrue(first >= 45 && second >= 95, "backoff 50 ms then 100 ms, was " + first + " ms and " + second + " ms");
        for (Receiver.Got g : got) assertArrayEquals(got.get(0).body(), g.body(), "every try sends the same body");

        Receiver.Got g = got.get(2);
        assertEquals(expectedSignature("s3cr3t ünïcode", g.body()), g.signature());
        assertEquals("application/json", g.contentType());
        assertEquals("dhcp-ack", g.event());
        HostEvent stored = log.all().get(1);
        assertEquals(String.valueOf(stored.id()), g.delivery());
        JsonNode body = JSON.readTree(g.body());
        assertEquals(stored.id(), body.get("id").asLong());
        assertEquals("edge-1", body.get("host").asText());
        assertEquals(stored.at().toString(), body.get("at").asText());
        assertEquals("DHCP", body.get("source").asText());
        assertEquals("dhcp-ack", body.get("type").asText());
        assertEquals("10.0.0.5 \"quoted\"", body.get("detail").asText());
        assertEquals(6, body.size());

        Thread.sleep(200);
        assertEquals(3, ops.got().size(), "tftp-sent is not among the types ops wants, and nothing is sent twice");
        assertEquals(1, events.webhooks().couriers().get("ops").delivered());
        assertEquals(State.UP, events.health().state(), events.health().reason());
    }

    @Test
    void aDeliveryThatKeepsFailingGivesUpAfterItsAttemptsAndSaysWhy() throws Exception {
        Receiver down = receiver().failing(503, 503, 503, 503);
        HostEventsImpl events = events(new MemoryLog(), Map.of("webhook.down.url", down.url().toString(), "webhook.down.secret", "x",
                "webhookAttempts", "3"));
        events.record("edge-1", EventSource.WORKFLOW, "action-failed", "");
        assertEquals(3, down.await(3, Duration.ofSeconds(10)).size());
        HostEventsImplTest.await("given up", () -> events.webhooks().couriers().get("down").failed() == 1);
        Thread.sleep(300);
        assertEquals(3, down.got().size(), "webhookAttempts = 3 tries, no more");
        String why = events.health().reason();
        assertEquals(State.DEGRADED, events.health().state());
        assertTrue(why.startsWith("webhook 'down' (http://127.0.0.1:") && why.contains(": the last delivery failed at ")
                && why.contains(" after 3 tries: HTTP 503 (1 of 1 deliveries failed since Kiln started, 0 waiting)"), why);
        assertTrue(!why.contains("secret-path"), "the URL's path (often a secret) is never shown: " + why);

        // the receiver is back: the next delivery succeeds and the webhook is healthy again
        events.record("edge-1", EventSource.WORKFLOW, "action-failed", "again");
        HostEventsImplTest.await("delivered", () -> events.webhooks().couriers().get("down").delivered() == 1);
        assertEquals(State.UP, events.health().state(), events.health().reason());
    }

    @Test
    void aRefusalByTheReceiverIsNotTriedAgain() throws Exception {
        Receiver strict = receiver().failing(404);
        HostEventsImpl events = events(new MemoryLog(), Map.of("webhook.strict.url", strict.url().toString(), "webhook.strict.secret", "x"));
        events.record("edge-1", EventSource.AGENT, "agent-report", "");
        HostEventsImplTest.await("given up", () -> events.webhooks().couriers().get("strict").failed() == 1);
        Thread.sleep(300);
        assertEquals(1, strict.got().size());
        assertTrue(events.health().reason().contains("after 1 try: HTTP 404: the receiver refused it (not tried again)"), events.health().reason());
    }

    @Test
    void aHungReceiverDelaysNeitherRecordingNorStoringNorAnotherWebhook() throws Exception {
        Receiver hung = receiver().hanging();
        Receiver fine = receiver();
        MemoryLog log = new MemoryLog();
        Map<String, Object> cfg = new HashMap<>(Map.of("webhook.hung.url", hung.url().toString(), "webhook.hung.secret", "a",
                "webhook.fine.url", fine.url().toString(), "webhook.fine.secret", "b"));
        cfg.putAll(Map.of("webhookTimeoutSeconds", "1", "webhookAttempts", "1", "webhookQueueSize", "50"));
        HostEventsImpl events = events(log, cfg);

        // in rounds the fine receiver keeps up with (its queue holds 50 too); the hung one's fills and overflows
        long recording = 0, slowest = 0;
        for (int round = 1; round <= 20; round++) {
            for (int i = 0; i < 10; i++) {
                long t = System.nanoTime();
                events.record("edge-" + (i % 7), EventSource.DHCP, "dhcp-discover", "#" + round + "." + i);
                long took = System.nanoTime() - t;
                recording += took;
                slowest = Math.max(slowest, took);
            }
            assertEquals(10 * round, fine.await(10 * round, Duration.ofSeconds(10)).size(), "the other webhook got every event meanwhile");
        }
        assertTrue(recording < 1_000_000_000L && slowest < 100_000_000L, "200 records took " + recording / 1_000_000 + " ms, the slowest "
                + slowest / 1_000_000 + " ms");
        assertEquals(200, log.all().size(), "every event was stored meanwhile");
        assertTrue(hung.got().size() < 10, "the hung receiver holds each delivery for its timeout (1 s): " + hung.got().size());
        assertTrue(events.webhooks().couriers().get("hung").dropped() > 100, "its queue of 50 overflowed");

        HostEventsImplTest.await("the hung delivery timed out", () -> events.webhooks().couriers().get("hung").failed() >= 1);
        String why = events.health().reason();
        assertTrue(why.contains("webhook 'hung' (http://127.0.0.1:") && why.contains("no answer within 1 s (webhookTimeoutSeconds)"), why);
        assertTrue(why.contains("event(s) dropped since Kiln started") && why.contains("its queue of 50 was full"), why);
        assertTrue(!why.contains("webhook 'fine'"), why);
    }

    @Test
    void webhooksChangeWithTheConfigurationWithoutARestart() throws Exception {
        Receiver later = receiver();
        MemoryLog log = new MemoryLog();
        HostEventsImpl events = events(log, Map.of());
        events.record("edge-1", EventSource.DHCP, "dhcp-ack", "before any webhook");
        HostEventsImplTest.await("stored", () -> log.all().size() == 1);

        events.modified(Map.of("webhook.later.url", later.url().toString(), "webhook.later.secret", "x", "webhook.later.types", "*-failed"));
        events.record("edge-1", EventSource.BMC, "bmc-power-failed", "now there is one");
        events.record("edge-1", EventSource.BMC, "bmc-power", "not a failure");
        List<Receiver.Got> got = later.await(1, Duration.ofSeconds(10));
        assertEquals(1, got.size());
        assertEquals("bmc-power-failed", got.get(0).event());

        events.modified(Map.of("webhook.later.url", "ftp://nowhere", "webhook.later.secret", "x"));
        assertTrue(events.webhooks().couriers().isEmpty(), "a webhook with a refused value is not used");
        assertEquals("etc/io.kiln.events.cfg: webhook.later.url = 'ftp://nowhere' is not an http:// or https:// URL", events.health().reason());
        events.record("edge-1", EventSource.BMC, "bmc-power-failed", "");
        Thread.sleep(300);
        assertEquals(1, later.got().size());
    }
}
