package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEventListener;
import io.kiln.api.events.HostEvents;
import io.kiln.api.rest.ApiProblem;
import io.kiln.config.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live event streams ({@code text/event-stream}) of {@code GET /api/v1/events/stream} and
 * {@code .../hosts/{name}/events/stream}: each stream is an async request (no Jetty thread held while it waits); new
 * events come from the events bundle as they are stored ({@link HostEventListener}, no polling of the store per
 * client), a stream that connects with {@code Last-Event-ID} first gets what it missed from the store. A few sender
 * threads write to the clients; a comment every {@link #HEARTBEAT_SECONDS} keeps proxies from closing an idle stream
 * and finds clients that went away. At most {@code maxEventStreams} (etc/io.kiln.web.cfg) at once: one more is a 503.
 */
@Component(service = {EventStreams.class, HostEventListener.class}, configurationPid = ApiAccessImpl.PID)
public final class EventStreams implements HostEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    static final int HEARTBEAT_SECONDS = 15;
    static final int DEFAULT_MAX = 50;
    /** Events waiting for one slow client, at most: beyond, its stream is closed (it resumes with Last-Event-ID). */
    static final int QUEUE_LIMIT = 2000;
    /** Events a resuming client gets from the store, at most (the store's own limit). */
    static final int BACKLOG_LIMIT = 1000;

    /** The REST API's JSON on one line: an SSE data field ends at a newline. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ONE_LINE =
            JsonBody.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final HostEvents events;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger starting = new AtomicInteger();
    private final ExecutorService senders;
    private final ScheduledExecutorService heartbeat;
    private volatile int max;

    @Activate
    public EventStreams(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) HostEvents events,
                        Map<String, Object> properties) {
        this(events, properties, HEARTBEAT_SECONDS);
    }

    EventStreams(HostEvents events, Map<String, Object> properties, int heartbeatSeconds) {
        this.events = events;
        this.max = max(properties);
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(2, r -> daemon(r, "kiln-event-stream-" + n.incrementAndGet()));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kiln-event-stream-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static int max(Map<String, ?> properties) {
        return ConfigFile.of(ApiAccessImpl.PID, properties).integer("maxEventStreams", DEFAULT_MAX, 1, 10_000);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.max = max(properties);
    }

    @Deactivate
    void close() {
        heartbeat.shutdownNow();
        for (Stream s : open) s.end();
        senders.shutdownNow();
    }

    /** Streams open now. */
    int count() {
        return open.size();
    }

    /**
     * Takes a stream slot, or refuses: call before answering, so a refusal is an ordinary 503 problem.
     *
     * @throws ApiProblem 503 when {@code maxEventStreams} are open
     */
    void reserve() {
        if (open.size() + starting.incrementAndGet() > max) {
            starting.decrementAndGet();
            throw new ApiProblem(503, "too many event streams: " + max + " are open (maxEventStreams in etc/io.kiln.web.cfg); try again later",
                    Map.of("Retry-After", "30"));
        }
    }

    /**
     * Starts a reserved stream on this request: the headers, the events after {@code afterId} from the store (when
     * given), then live events, until the client goes away.
     *
     * @param host    only this host's events, or null for every host's
     * @param afterId the last event the client has (Last-Event-ID, 0: none yet), or -1 for new events only
     */
    void start(HttpServletRequest req, HttpServletResponse resp, String host, long afterId) throws IOException {
        Stream s;
        try {
            resp.setStatus(200);
            resp.setContentType("text/event-stream");
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not buffer the stream
            AsyncContext async = req.startAsync();
            async.setTimeout(0); // no end: the heartbeat finds clients that went away
            s = new Stream(async, resp.getOutputStream(), host, afterId);
            open.add(s);
        } finally {
            starting.decrementAndGet();
        }
        s.async.addListener(new AsyncListener() {
            @Override public void onComplete(AsyncEvent e) { s.end(); }
            @Override public void onTimeout(AsyncEvent e) { s.end(); }
            @Override public void onError(AsyncEvent e) { s.end(); }
            @Override public void onStartAsync(AsyncEvent e) { }
        });
        // subscribed first (live events are queued), then the backlog: nothing stored in between is missed
        s.send(": kiln event stream" + (host == null ? "" : " of " + host) + "\nretry: 3000\n\n");
        if (afterId >= 0 && events != null) senders.execute(() -> s.backlog(afterId));
        else s.ready();
    }

    @Override
    public void stored(List<HostEvent> batch) {
        if (open.isEmpty()) return;
        for (Stream s : open) s.offer(batch);
    }

    private void beat() {
        for (Stream s : open) s.send(": heartbeat\n\n");
    }

    /** One client's stream: what waits to be written, written by one sender at a time. */
    final class Stream {
        private final AsyncContext async;
        private final ServletOutputStream out;
        private final String host;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        /** The last event id queued: live events at or below it came with the backlog. */
        private long lastId;
        /** False until the backlog is queued: live events wait apart meanwhile. */
        private boolean ready;
        private final ArrayDeque<HostEvent> early = new ArrayDeque<>();
        private boolean sending, ended;

        Stream(AsyncContext async, ServletOutputStream out, String host, long afterId) {
            this.async = async;
            this.out = out;
            this.host = host;
            this.lastId = Math.max(0, afterId);
        }

        /** The events the client missed, from the store; then the live ones that came meanwhile. */
        void backlog(long afterId) {
            try {
                List<HostEvent> missed = host == null ? events.recent(afterId, BACKLOG_LIMIT) : events.events(host, afterId, BACKLOG_LIMIT);
                queueEvents(missed);
            } catch (KilnException e) {
                send(": cannot read the events after " + afterId + ": " + e.getMessage().replace('\n', ' ') + "\n\n");
            }
            ready();
        }

        synchronized void ready() {
            ready = true;
            queueEvents(List.copyOf(early));
            early.clear();
            flushLater();
        }

        synchronized void offer(List<HostEvent> batch) {
            if (ended) return;
            for (HostEvent e : batch) {
                if (host != null && !host.equals(e.host())) continue;
                if (!ready) early.add(e);
                else queueOne(e);
            }
            if (queue.size() > QUEUE_LIMIT) {
                LOG.info("Kiln event stream{}: client too slow ({} events waiting): closed; it resumes with Last-Event-ID",
                        host == null ? "" : " of " + host, queue.size());
                end();
                return;
            }
            flushLater();
        }

        private synchronized void queueEvents(List<HostEvent> list) {
            for (HostEvent e : list) queueOne(e);
            flushLater();
        }

        private void queueOne(HostEvent e) {
            if (e.id() <= lastId) return;
            lastId = e.id();
            queue.add(frame(e));
        }

        synchronized void send(String text) {
            if (ended) return;
            queue.add(text);
            flushLater();
        }

        /** One sender at a time per stream, so frames stay in order. */
        private void flushLater() {
            if (sending || ended || queue.isEmpty()) return;
            sending = true;
            try {
                senders.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                sending = false;
            }
        }

        private void flush() {
            while (true) {
                StringBuilder b = new StringBuilder();
                synchronized (this) {
                    if (ended || queue.isEmpty()) {
                        sending = false;
                        return;
                    }
                    while (!queue.isEmpty()) b.append(queue.poll());
                }
                try {
                    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Kiln event stream closed by the client: {}", e.toString());
                    synchronized (this) {
                        sending = false;
                    }
                    end();
                    return;
                }
            }
        }

        /** Closes the stream and frees its slot; once. */
        void end() {
            synchronized (this) {
                if (ended) return;
                ended = true;
                queue.clear();
            }
            open.remove(this);
            try {
                async.complete();
            } catch (RuntimeException e) {
                LOG.debug("Kiln event stream: completing it failed: {}", e.toString());
            }
        }
    }

    /** One event as an SSE frame: {@code id:}, {@code event:} its type, {@code data:} the JSON of GET .../events' items. */
    static String frame(HostEvent e) {
        String json;
        try {
            json = ONE_LINE.writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException("cannot write event " + e.id(), x);
        }
        return "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + json + "\n\n";
    }
}
