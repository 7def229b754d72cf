package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.onboarding.JournalEntry;
import io.kiln.api.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What onboarding did to each host, for its path in kiln:host-show: recorded on the host's timeline (HostEvents,
 * where the workflow engine, DHCP, TFTP and HTTP record too) when that runs, else in a document of its own (the
 * newest {@value #KEEP} entries). Every entry is also logged.
 */
final class HostJournal {
    static final String KIND = "host-journal";
    static final int KEEP = 300;
    private static final Logger LOG = LoggerFactory.getLogger(HostJournal.class);

    private final DocumentStore store;
    private final Clock clock;
    private final Supplier<HostEvents> events;

    HostJournal(DocumentStore store, Clock clock, Supplier<HostEvents> events) {
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    void add(String host, String event, String detail) {
        LOG.info("host {}: {}: {}", host, event, detail);
        HostEvents timeline = events.get();
        if (timeline != null) {
            timeline.record(host, EventSource.ONBOARDING, event, detail);
            return;
        }
        Instant now = clock.instant();
        Documents.update(store, KIND, host, doc -> {
            ArrayNode entries = doc.has("entries") ? (ArrayNode) doc.get("entries") : doc.putArray("entries");
            entries.addObject().put("at", now.toString()).put("event", event).put("detail", detail);
            while (entries.size() > KEEP) entries.remove(0);
            return doc;
        });
    }

    /** The entries kept without the timeline (before it ran), then the host's timeline, oldest first. */
    List<JournalEntry> entries(String host) {
        List<JournalEntry> out = new ArrayList<>();
        Documents.read(store, KIND, host).ifPresent(doc -> {
            for (JsonNode e : doc.path("entries")) {
                out.add(new JournalEntry(Instant.parse(e.path("at").asText()), e.path("event").asText(), e.path("detail").asText()));
            }
        });
        HostEvents timeline = events.get();
        if (timeline != null) {
            for (HostEvent e : timeline.events(host, 0, KEEP)) out.add(new JournalEntry(e.at(), e.type(), e.detail()));
        }
        return out;
    }

    void forget(String host) {
        store.delete(KIND, host, DocumentStore.ANY_VERSION);
    }
}
