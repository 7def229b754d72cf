package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs in the store, written with the version they were read at (a run changed by someone else in between, another
 * appliance or an agent's report, is never overwritten), and the appliances' leases (kind {@value #APPLIANCE}): an
 * appliance owns the runs it drives as long as its lease is renewed; when it lapses, another appliance takes them.
 */
final class RunStore {
    static final String APPLIANCE = "workflow-appliance";

    private final DocumentStore store;

    RunStore(DocumentStore store) {
        this.store = store;
    }

    record Loaded(RunRecord run, long version) {
    }

    /** True when other appliances may write these runs too (a shared database): this one hears of nothing they do. */
    boolean shared() {
        return store.shared();
    }

    Optional<Loaded> load(String host) {
        return store.get(RunRecord.KIND, host).map(d -> new Loaded(WorkflowJson.read(d.json(), RunRecord.class), d.version()));
    }

    /** @throws KilnException CONFLICT when the run changed since it was loaded */
    long save(RunRecord run, long version) {
        return store.put(RunRecord.KIND, run.host, version, WorkflowJson.write(run)).version();
    }

    /**
     * Read, change, write; a conflicting write reloads and applies the change again.
     *
     * @param change returns false to leave the run as it is
     * @return the run as written, or empty when the host has none
     */
    Optional<RunRecord> update(String host, java.util.function.Predicate<RunRecord> change) {
        return StoredUpdate.apply(store, RunRecord.KIND, host, RunRecord.class, change);
    }

    List<RunRecord> all() {
        List<RunRecord> out = new ArrayList<>();
        for (Document d : store.list(RunRecord.KIND)) out.add(WorkflowJson.read(d.json(), RunRecord.class));
        return out;
    }

    /** Renews this appliance's lease until {@code expires}. */
    void renewLease(String appliance, Instant expires, String describe) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expires", expires.toString());
        body.put("appliance", describe);
        store.put(APPLIANCE, appliance, DocumentStore.ANY_VERSION, WorkflowJson.write(body));
    }

    /** Every appliance's lease: when it expires. */
    Map<String, Instant> leases() {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (Document d : store.list(APPLIANCE)) {
            try {
                out.put(d.name(), Instant.parse(WorkflowJson.MAPPER.readTree(d.json()).path("expires").asText()));
            } catch (Exception e) {
                out.put(d.name(), Instant.EPOCH);
            }
        }
        return out;
    }

    void forget(String host) {
        store.delete(RunRecord.KIND, host, DocumentStore.ANY_VERSION);
    }
}
