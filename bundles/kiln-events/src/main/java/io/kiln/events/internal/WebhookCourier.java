package io.kiln.events.internal;

import io.kiln.api.events.HostEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to one webhook, one at a time and in order, on a thread of its own: a receiver that is slow, hangs
 * or is down delays its own deliveries only, never recording, storing, or another webhook. Each event is POSTed as
 * JSON, signed, and tried up to {@code webhookAttempts} times with exponential backoff; what waits is bounded by
 * {@code webhookQueueSize} (more is dropped and counted).
 */
final class WebhookCourier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCourier.class);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    /** The last delivery that failed for good: why, when, after how many tries. */
    record Failure(String reason, Instant at, int tries) {
    }

    /** One try: delivered, or why not and whether another try may help. */
    private record Outcome(boolean ok, boolean retry, String reason) {
    }

    private final Webhook hook;
    private final Supplier<EventSettings> settings;
    /** The wait after the first failed try (the setting's, or a test's shorter one). */
    private final Function<EventSettings, Duration> firstRetry;
    private final Function<HostEvent, byte[]> json;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final LinkedBlockingQueue<HostEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicLong delivered = new AtomicLong(), failed = new AtomicLong(), dropped = new AtomicLong();
    private final Thread thread;
    private volatile Failure lastFailure;
    private volatile Instant lastSuccess, lastDrop;
    private volatile boolean closed;

    /**
     * @param json the body of an event (the same for every webhook)
     */
    WebhookCourier(Webhook hook, Supplier<EventSettings> settings, Function<EventSettings, Duration> firstRetry,
                   Function<HostEvent, byte[]> json, Clock clock) {
        this.hook = hook;
        this.settings = settings;
        this.firstRetry = firstRetry;
        this.json = json;
        this.clock = clock;
        this.timeout = settings.get().webhookTimeout();
        this.httpThreads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kiln-webhook-" + hook.name() + "-http");
            t.setDaemon(true);
            return t;
        });
        // no redirects: a POST is not re-sent elsewhere on a receiver's say-so
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).executor(httpThreads).build();
        this.thread = new Thread(this::run, "kiln-webhook-" + hook.name());
        thread.setDaemon(true);
        thread.start();
    }

    Webhook hook() {
        return hook;
    }

    /** The try timeout this courier was built with (a changed one needs a new courier). */
    Duration timeout() {
        return timeout;
    }

    /** Queues an event for delivery; false (and counted) when its queue is full. Never waits. */
    boolean offer(HostEvent e) {
        if (closed || queue.size() >= settings.get().webhookQueueSize()) {
            dropped.incrementAndGet();
            lastDrop = clock.instant();
            return false;
        }
        return queue.offer(e);
    }

    private void run() {
        while (!closed) {
            HostEvent e;
            try {
                e = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException x) {
                continue;
            }
            if (e != null) deliver(e);
        }
    }

    private void deliver(HostEvent e) {
        EventSettings s = settings.get();
        byte[] body = json.apply(e);
        String signature = hook.sign(body);
        Outcome o = null;
        int tries = 0;
        while (!closed) {
            tries++;
            o = post(e, body, signature);
            if (o.ok()) {
                delivered.incrementAndGet();
                lastSuccess = clock.instant();
                return;
            }
            if (!o.retry() || tries >= s.attempts()) break;
            try {
                Thread.sleep(backoff(firstRetry.apply(s), tries).toMillis());
            } catch (InterruptedException x) {
                break; // closed: counted below
            }
        }
        String reason = closed ? "not delivered: the webhook was reconfigured or Kiln stopped" + (o == null ? "" : " (last try: " + o.reason() + ")")
                : o.reason();
        Failure before = lastFailure;
        lastFailure = new Failure(reason, clock.instant(), tries);
        failed.incrementAndGet(); // after the reason: whoever sees the count sees why (health, WebhooksTest)
        // one WARN when it starts failing or the reason changes, not one per event
        if (before == null || !before.reason().equals(reason) || (lastSuccess != null && lastSuccess.isAfter(before.at()))) {
            LOG.warn("Kiln webhook '{}' ({}): event {} ({} of host '{}') not delivered after {} tr{}: {}", hook.name(), where(hook.url()), e.id(),
                    e.type(), e.host(), tries, tries == 1 ? "y" : "ies", reason);
        }
    }

    private Outcome post(HostEvent e, byte[] body, String signature) {
        HttpRequest req = HttpRequest.newBuilder(hook.url()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Kiln")
                .header(Webhook.SIGNATURE_HEADER, signature)
                .header("X-Kiln-Event", e.type())
                .header("X-Kiln-Delivery", String.valueOf(e.id()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            int status = r.statusCode();
            if (status >= 200 && status < 300) return new Outcome(true, false, "");
            // the receiver's own trouble may pass; a refusal of the request will not
            boolean retry = status >= 500 || status == 408 || status == 429;
            return new Outcome(false, retry, "HTTP " + status + (retry ? "" : ": the receiver refused it (not tried again)"));
        } catch (HttpTimeoutException x) {
            return new Outcome(false, true, "no answer within " + timeout.toSeconds() + " s (webhookTimeoutSeconds)");
        } catch (ConnectException x) {
            return new Outcome(false, true, "cannot connect: " + (x.getMessage() == null ? "connection refused" : x.getMessage()));
        } catch (IOException x) {
            return new Outcome(false, true, x.getClass().getSimpleName() + (x.getMessage() == null ? "" : ": " + x.getMessage()));
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return new Outcome(false, false, "interrupted");
        }
    }

    /** The wait after the {@code tries}-th failed try: {@code first}, doubled each time, at most 5 min. */
    static Duration backoff(Duration first, int tries) {
        long ms = first.toMillis() << Math.min(Math.max(tries - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, LONGEST_RETRY.toMillis()));
    }

    /** Scheme, host and port: what status and log lines show of a URL (its path or query may be a secret). */
    static String where(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** The events still waiting, taken out (for the courier that replaces this one). */
    List<HostEvent> drain() {
        List<HostEvent> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    /** Stops: a delivery in flight is cut short; what waits stays for {@link #drain}. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
    }

    int waiting() {
        return queue.size();
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long dropped() {
        return dropped.get();
    }

    Instant lastDrop() {
        return lastDrop;
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    /** The last delivery that failed, when none succeeded after it; else null. */
    Failure failing() {
        Failure f = lastFailure;
        Instant ok = lastSuccess;
        return f == null || ok != null && ok.isAfter(f.at()) ? null : f;
    }
}
