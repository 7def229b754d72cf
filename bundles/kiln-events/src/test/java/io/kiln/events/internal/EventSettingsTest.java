package io.kiln.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** etc/io.kiln.events.cfg as read: defaults, refused values with the line that says why, webhooks. */
class EventSettingsTest {

    @Test
    void theDefaults() {
        EventSettings s = EventSettings.defaults();
        assertEquals(10_000, s.queueSize());
        assertEquals(500, s.batchSize());
        assertEquals(Duration.ofDays(30), s.retention());
        assertEquals(1000, s.keepPerHost());
        assertEquals(Duration.ofMinutes(60), s.pruneEvery());
        assertEquals(5, s.attempts());
        assertEquals(Duration.ofSeconds(2), s.firstRetry());
        assertEquals(Duration.ofSeconds(10), s.webhookTimeout());
        assertEquals(1000, s.webhookQueueSize());
        assertEquals(List.of(), s.webhooks());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void aWebhookNeedsAUrlAndASecretAndIsLeftOutWithTheLineThatSaysWhy() {
        EventSettings s = EventSettings.read(Map.ofEntries(
                Map.entry("webhook.ok.url", "https://hooks.example/kiln"),
                Map.entry("webhook.ok.secret", "abc"),
                Map.entry("webhook.ok.types", "action-failed, quarantined"),
                Map.entry("webhook.nosecret.url", "http://127.0.0.1:9/x"),
                Map.entry("webhook.badtypes.url", "http://127.0.0.1:9/x"),
                Map.entry("webhook.badtypes.secret", "abc"),
                Map.entry("webhook.badtypes.types", "DHCP_ACK"),
                Map.entry("webhook.both.url", "http://127.0.0.1:9/x"),
                Map.entry("webhook.both.secret", "abc"),
                Map.entry("webhook.both.secretFile", "/etc/kiln-hook"),
                Map.entry("webhook.ok.colour", "blue")));
        assertEquals(List.of("ok"), s.webhooks().stream().map(Webhook::name).toList());
        assertEquals(List.of("action-failed", "quarantined"), s.webhooks().get(0).types());
        assertEquals(List.of(
                "etc/io.kiln.events.cfg: webhook.badtypes.types = 'DHCP_ACK' is not a list of event types, comma-separated, * for any"
                        + " characters (e.g. run-failed, dhcp-*, *)",
                "etc/io.kiln.events.cfg: webhook.both.secretFile = '/etc/kiln-hook' is not allowed next to webhook.both.secret: give one of them",
                "etc/io.kiln.events.cfg: webhook.nosecret.secret = '' is not set: every webhook is signed (webhook.nosecret.secret, or"
                        + " webhook.nosecret.secretFile naming a file that holds it)"), s.problems().subList(0, 3));
        assertTrue(s.problems().get(3).startsWith("etc/io.kiln.events.cfg: unknown key 'webhook.ok.colour' ignored"), s.problems().toString());
        assertTrue(s.webhooks().get(0).toString().equals("webhook 'ok' https://hooks.example/kiln [action-failed, quarantined]"),
                "never the secret: " + s.webhooks().get(0));
    }

    @Test
    void aSecretFileKeepsTheSecretOutOfTheConfiguration(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hook.secret");
        Files.writeString(f, "from-a-file\n", StandardCharsets.UTF_8);
        EventSettings s = EventSettings.read(Map.of("webhook.a.url", "http://127.0.0.1:9/", "webhook.a.secretFile", f.toString(),
                "webhook.b.url", "http://127.0.0.1:9/", "webhook.b.secretFile", dir.resolve("missing").toString()));
        assertEquals(1, s.webhooks().size());
        Webhook inline = new Webhook("x", s.webhooks().get(0).url(), "from-a-file".getBytes(StandardCharsets.UTF_8), List.of("*"));
        assertEquals(inline.sign(new byte[] {1, 2, 3}), s.webhooks().get(0).sign(new byte[] {1, 2, 3}), "the file's secret, without its newline");
        assertEquals(List.of("etc/io.kiln.events.cfg: webhook.b.secretFile = '" + dir.resolve("missing")
                + "' is not a readable file holding the secret (NoSuchFileException)"), s.problems());
    }

    @Test
    void badNumbersRunOnTheDefault() {
        EventSettings s = EventSettings.read(Map.of("keepPerHost", "0", "webhookAttempts", "many", "webhook.x y.url", "http://h/"));
        assertEquals(1000, s.keepPerHost());
        assertEquals(5, s.attempts());
        assertEquals(List.of(
                "etc/io.kiln.events.cfg: keepPerHost = '0' is not a number from 1 to 1000000",
                "etc/io.kiln.events.cfg: webhookAttempts = 'many' is not a number from 1 to 20",
                "etc/io.kiln.events.cfg: webhook.x y.url = 'http://h/' is not usable: the webhook's name 'x y' must be 1-32 letters, digits, - and _"
                        + " (webhook.NAME.url)"), s.problems());
    }

    @ParameterizedTest
    @CsvSource({
            "*,                 dhcp-ack,         true",
            "dhcp-*,            dhcp-ack,         true",
            "dhcp-*,            tftp-sent,        false",
            "*-failed,          bmc-power-failed, true",
            "*-failed,          bmc-power,        false",
            "quarantined,       quarantined,      true",
            "quarantined,       quarantined-not,  false",
            "bmc-*-failed,      bmc-media-failed, true",
    })
    void typesMatchExactlyOrWithStars(String pattern, String type, boolean wanted) {
        Webhook w = new Webhook("w", java.net.URI.create("http://127.0.0.1/"), new byte[] {1}, List.of(pattern));
        assertEquals(wanted, w.wants(type), pattern + " vs " + type);
    }
}
