package io.kiln.events.internal;

import io.kiln.api.status.Health;
import io.kiln.config.ConfigFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code etc/io.kiln.events.cfg} as read: never an exception for an operator's mistake. A refused value runs on its
 * default, a webhook with a refused key is not used, and each is one line of {@link #problems()} for
 * {@code kiln:status}.
 *
 * @param queueSize        events waiting to be stored, at most (more are dropped and counted)
 * @param batchSize        events stored in one transaction, at most
 * @param retention        how long events are kept
 * @param keepPerHost      events kept per host, at most (the newest)
 * @param pruneEvery       how often old events are deleted
 * @param attempts         tries of one webhook delivery, the first included
 * @param firstRetry       the wait after a webhook's first failed try, doubled after each further one
 * @param webhookTimeout   how long one try may take (connecting and the answer)
 * @param webhookQueueSize deliveries waiting per webhook, at most (more are dropped and counted)
 * @param webhooks         the usable webhooks, by name
 * @param problems         refused values and unknown keys, one line each
 */
record EventSettings(int queueSize, int batchSize, Duration retention, int keepPerHost, Duration pruneEvery, int attempts,
                     Duration firstRetry, Duration webhookTimeout, int webhookQueueSize, List<Webhook> webhooks, List<String> problems) {
    static final String PID = "io.kiln.events";
    static final int MAX_WEBHOOKS = 16;
    private static final Pattern HOOK_KEY = Pattern.compile("webhook\\.([^.]+)\\.([^.]+)");
    private static final Pattern HOOK_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final List<String> HOOK_FIELDS = List.of("url", "secret", "secretFile", "types");
    /** An event type, or a pattern of one with {@code *} for any characters. */
    private static final Pattern TYPE_PATTERN = Pattern.compile("[a-z0-9*][a-z0-9*-]{0,63}");

    EventSettings {
        webhooks = List.copyOf(webhooks);
        problems = List.copyOf(problems);
    }

    static EventSettings defaults() {
        return read(Map.of());
    }

    /** Up when the file is clean, else degraded naming every refused value and unknown key. */
    Health health() {
        return problems.isEmpty() ? Health.up() : Health.degraded(String.join("; ", problems));
    }

    /** @param properties the component's properties as DS passes them (null or empty: all defaults) */
    static EventSettings read(Map<String, ?> properties) {
        ConfigFile c = ConfigFile.of(PID, properties == null ? Map.of() : properties);
        int queueSize = c.integer("queueSize", 10_000, 100, 1_000_000);
        int batchSize = c.integer("batchSize", 500, 1, 5_000);
        int retentionDays = c.integer("retentionDays", 30, 1, 3650);
        int keepPerHost = c.integer("keepPerHost", 1000, 1, 1_000_000);
        int pruneMinutes = c.integer("pruneEveryMinutes", 60, 1, 1440);
        int attempts = c.integer("webhookAttempts", 5, 1, 20);
        int firstRetry = c.integer("webhookFirstRetrySeconds", 2, 1, 3600);
        int timeout = c.integer("webhookTimeoutSeconds", 10, 1, 300);
        int hookQueue = c.integer("webhookQueueSize", 1000, 1, 100_000);
        List<Webhook> hooks = webhooks(c);
        c.unknownKeys("webhook\\.[^.]+\\.(" + String.join("|", HOOK_FIELDS) + ")");
        return new EventSettings(queueSize, batchSize, Duration.ofDays(retentionDays), keepPerHost, Duration.ofMinutes(pruneMinutes), attempts,
                Duration.ofSeconds(firstRetry), Duration.ofSeconds(timeout), hookQueue, hooks, c.problems());
    }

    /** Every {@code webhook.NAME.*} group: a complete, valid one is used; any refused key leaves its webhook out. */
    private static List<Webhook> webhooks(ConfigFile c) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : c.keys()) {
            Matcher m = HOOK_KEY.matcher(key);
            if (m.matches() && HOOK_FIELDS.contains(m.group(2))) names.add(m.group(1));
        }
        List<Webhook> out = new ArrayList<>();
        for (String name : names) {
            String prefix = "webhook." + name + ".";
            if (!HOOK_NAME.matcher(name).matches()) {
                c.refuse(prefix + "url", c.string(prefix + "url", ""), "usable: the webhook's name '" + name
                        + "' must be 1-32 letters, digits, - and _ (webhook.NAME.url)", null);
                continue;
            }
            if (out.size() == MAX_WEBHOOKS) {
                c.refuse(prefix + "url", c.string(prefix + "url", ""), "used: at most " + MAX_WEBHOOKS + " webhooks", null);
                continue;
            }
            Webhook w = webhook(c, name, prefix);
            if (w != null) out.add(w);
        }
        return out;
    }

    private static Webhook webhook(ConfigFile c, String name, String prefix) {
        int errors = c.errors().size();
        String urlText = c.string(prefix + "url", "");
        URI url = null;
        if (urlText.isEmpty()) {
            c.refuse(prefix + "url", urlText, "an http:// or https:// URL (the webhook '" + name + "' needs one)", null);
        } else {
            url = url(urlText);
            if (url == null) c.refuse(prefix + "url", urlText, "an http:// or https:// URL", null);
        }
        String inline = c.string(prefix + "secret", "");
        String file = c.string(prefix + "secretFile", "");
        byte[] secret = null;
        if (!inline.isEmpty() && !file.isEmpty()) {
            c.refuse(prefix + "secretFile", file, "allowed next to " + prefix + "secret: give one of them", null);
        } else if (!file.isEmpty()) {
            Path p = Path.of(ConfigFile.expand(file));
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8).strip();
                if (s.isEmpty()) c.refuse(prefix + "secretFile", file, "a file holding the secret (it is empty)", null);
                else secret = s.getBytes(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                c.refuse(prefix + "secretFile", file, "a readable file holding the secret (" + e.getClass().getSimpleName() + ")", null);
            }
        } else if (!inline.isEmpty()) {
            secret = inline.getBytes(StandardCharsets.UTF_8);
        } else {
            // never shown: the value is the secret
            c.refuse(prefix + "secret", "", "set: every webhook is signed (" + prefix + "secret, or " + prefix + "secretFile naming a file"
                    + " that holds it)", null);
        }
        String typesText = c.string(prefix + "types", "*");
        List<String> types = Arrays.stream(typesText.split("[,\\s]+")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        if (types.isEmpty() || types.stream().anyMatch(t -> !TYPE_PATTERN.matcher(t).matches())) {
            c.refuse(prefix + "types", typesText, "a list of event types, comma-separated, * for any characters (e.g. run-failed, dhcp-*, *)", null);
        }
        return c.errors().size() > errors ? null : new Webhook(name, url, secret, types);
    }

    /** An absolute http(s) URL with a host, or null. */
    static URI url(String text) {
        try {
            URI u = new URI(text.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
