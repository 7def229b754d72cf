package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kiln.api.onboarding.JournalEntry;
import io.kiln.api.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path each host took (onboarding, each action, state changes), persisted so kiln:host-show shows it after a
 * restart too. The newest {@value #KEEP} entries are kept. Every entry is also logged.
 */
final class HostJournal {
    static final String KIND = "host-journal";
    static final int KEEP = 300;
    private static final Logger LOG = LoggerFactory.getLogger(HostJournal.class);

    private final DocumentStore store;
    private final Clock clock;

    HostJournal(DocumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void add(String host, String event, String detail) {
        LOG.info("host {}: {}: {}", host, event, detail);
        Instant now = clock.instant();
        Documents.update(store, KIND, host, doc -> {
            ArrayNode entries = doc.has("entries") ? (ArrayNode) doc.get("entries") : doc.putArray("entries");
            entries.addObject().put("at", now.toString()).put("event", event).put("detail", detail);
            while (entries.size() > KEEP) entries.remove(0);
            return doc;
        });
    }

    List<JournalEntry> entries(String host) {
        List<JournalEntry> out = new ArrayList<>();
        Documents.read(store, KIND, host).ifPresent(doc -> {
            for (JsonNode e : doc.path("entries")) {
                out.add(new JournalEntry(Instant.parse(e.path("at").asText()), e.path("event").asText(), e.path("detail").asText()));
            }
        });
        return out;
    }

    void forget(String host) {
        store.delete(KIND, host, DocumentStore.ANY_VERSION);
    }
}
