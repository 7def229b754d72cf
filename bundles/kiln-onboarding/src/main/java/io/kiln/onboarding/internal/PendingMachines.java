package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.onboarding.OnboardRequest;
import io.kiln.api.onboarding.PendingMachine;
import io.kiln.api.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Machines that asked to be onboarded and wait for an operator, persisted (document kind {@value #KIND}). An
 * approval holds for the key the operator saw (the SHA-256 of the request's public key): a machine that comes back
 * with another key waits again.
 */
final class PendingMachines {
    static final String KIND = "pending-machine";

    private final DocumentStore store;
    private final Clock clock;

    PendingMachines(DocumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The id a machine is listed under: its UUID, else its first MAC. */
    static String id(OnboardRequest r) {
        if (r.uuid() != null) return "uuid-" + r.uuid();
        return "mac-" + r.macs().get(0).replace(":", "");
    }

    Optional<ObjectNode> get(String id) {
        return Documents.read(store, KIND, id);
    }

    /** Records (or refreshes) a waiting machine; a new key resets an earlier decision other than a rejection. */
    ObjectNode waiting(OnboardRequest r, String keySha256, String reason, String candidate, List<String> rules) {
        Instant now = clock.instant();
        return Documents.update(store, KIND, id(r), doc -> {
            if (!doc.has("firstSeen")) doc.put("firstSeen", now.toString());
            boolean newKey = !keySha256.equals(Json.text(doc, "key"));
            if (newKey && !"REJECTED".equals(Json.text(doc, "state"))) {
                doc.put("state", "PENDING");
                doc.remove("decision");
                doc.remove("approvedHost");
            }
            doc.put("key", keySha256).put("lastSeen", now.toString()).put("reason", reason).put("address", r.address());
            if (r.uuid() != null) doc.put("uuid", r.uuid());
            if (r.serial() != null) doc.put("serial", r.serial());
            doc.set("macs", Json.MAPPER.valueToTree(r.macs()));
            doc.set("facts", Json.MAPPER.valueToTree(r.facts()));
            if (candidate != null) doc.put("candidate", candidate);
            else doc.remove("candidate");
            doc.set("rules", Json.MAPPER.valueToTree(rules));
            return doc;
        });
    }

    ObjectNode decide(String id, java.util.function.UnaryOperator<ObjectNode> change) {
        return Documents.update(store, KIND, id, change);
    }

    void remove(String id) {
        store.delete(KIND, id, DocumentStore.ANY_VERSION);
    }

    List<PendingMachine> list() {
        List<PendingMachine> out = new ArrayList<>();
        for (var d : store.list(KIND)) out.add(view(d.name(), (ObjectNode) Json.parse(d.json())));
        out.sort(Comparator.comparing(PendingMachine::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    static PendingMachine view(String id, ObjectNode d) {
        List<String> macs = new ArrayList<>();
        d.path("macs").forEach(m -> macs.add(m.asText()));
        List<String> rules = new ArrayList<>();
        d.path("rules").forEach(m -> rules.add(m.asText()));
        return new PendingMachine(id, Json.text(d, "uuid"), Json.text(d, "serial"), macs, Json.strings(d.get("facts")),
                Json.text(d, "address"), Json.text(d, "reason"), Json.text(d, "candidate"), rules,
                PendingMachine.State.valueOf(d.path("state").asText("PENDING")), Json.text(d, "decision"), instant(d, "firstSeen"),
                instant(d, "lastSeen"));
    }

    private static Instant instant(JsonNode d, String f) {
        String s = Json.text(d, f);
        return s == null ? null : Instant.parse(s);
    }
}
