package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import io.kiln.api.workflow.Rollout;
import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.WorkflowRun;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Templates run on many hosts in batches with a failure budget (document kind {@value #KIND}): the next batch starts
 * when every run of the current one has ended, and none once more runs than the budget have failed. Advanced by the
 * appliance that started it (another one takes it over when that one's lease lapses), every housekeeping round.
 */
final class Rollouts {
    static final String KIND = "workflow-rollout";
    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);

    /** A rollout as stored. */
    static final class Record {
        public String name;
        public String template;
        public List<String> hosts = new ArrayList<>();
        public int batchSize;
        public int maxFailures;
        public Map<String, String> variables = new LinkedHashMap<>();
        public String state = "RUNNING";
        public int started;
        public List<String> succeeded = new ArrayList<>();
        public Map<String, String> failed = new LinkedHashMap<>();
        /** Each started host's run id, so a later run of the host is not taken for the rollout's. */
        public Map<String, String> runs = new LinkedHashMap<>();
        public String reason = "";
        public Instant created;
        public String createdBy;
        public String owner;

        Rollout view() {
            return new Rollout(name, template, hosts, batchSize, maxFailures, variables, state, started, succeeded, failed, reason, created, createdBy);
        }
    }

    private final DocumentStore store;
    private final Inventory inventory;
    private final Engine engine;
    private final Timeline timeline;
    private final Clock clock;

    Rollouts(DocumentStore store, Inventory inventory, Engine engine, Timeline timeline, Clock clock) {
        this.store = store;
        this.inventory = inventory;
        this.engine = engine;
        this.timeline = timeline;
        this.clock = clock;
    }

    Rollout start(String name, String template, List<String> hosts, int batchSize, int maxFailures, Map<String, String> variables, String who) {
        io.kiln.api.inventory.Names.require("rollout name", name);
        if (hosts == null || hosts.isEmpty()) throw KilnException.invalid("rollout '" + name + "': no hosts");
        if (batchSize < 1) throw KilnException.invalid("rollout '" + name + "': the batch size must be at least 1");
        if (maxFailures < 0) throw KilnException.invalid("rollout '" + name + "': the failure budget must not be negative");
        List<String> unknown = hosts.stream().filter(h -> inventory.host(h).isEmpty()).toList();
        if (!unknown.isEmpty()) throw KilnException.notFound("rollout '" + name + "': no such host(s): " + String.join(", ", unknown));
        List<String> busy = new ArrayList<>();
        for (String h : hosts) engine.runOf(h).filter(r -> r.state().active() || r.state() == RunState.DETACHED).ifPresent(r -> busy.add(h + " (" + r.state() + ")"));
        if (!busy.isEmpty()) throw KilnException.conflict("rollout '" + name + "': these hosts run a workflow or are detached: " + String.join(", ", busy));
        Optional<Document> old = store.get(KIND, name);
        if (old.isPresent() && "RUNNING".equals(read(old.get()).state)) throw KilnException.conflict("rollout '" + name + "' runs already");
        Record r = new Record();
        r.name = name;
        r.template = template;
        r.hosts = new ArrayList<>(new java.util.LinkedHashSet<>(hosts));
        r.batchSize = batchSize;
        r.maxFailures = maxFailures;
        r.variables = new LinkedHashMap<>(variables == null ? Map.of() : variables);
        r.created = clock.instant();
        r.createdBy = who;
        r.owner = engine.me();
        store.put(KIND, name, old.map(Document::version).orElse(DocumentStore.MUST_NOT_EXIST), WorkflowJson.write(r));
        LOG.info("rollout {}: {} on {} host(s), batches of {}, failure budget {}, started by {}", name, template, r.hosts.size(), batchSize, maxFailures, who);
        advance(name);
        return view(name);
    }

    Rollout view(String name) {
        return store.get(KIND, name).map(d -> read(d).view()).orElseThrow(() -> KilnException.notFound("no rollout named '" + name + "'"));
    }

    List<Rollout> list() {
        List<Rollout> out = new ArrayList<>();
        for (Document d : store.list(KIND)) out.add(read(d).view());
        out.sort(Comparator.comparing(Rollout::created, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    Rollout stop(String name, String who) {
        update(name, r -> {
            if (!"RUNNING".equals(r.state)) return false;
            r.state = "STOPPED";
            r.reason = "stopped by " + who;
            return true;
        });
        return view(name);
    }

    /** Every running rollout this appliance drives (or takes over) goes as far as it can. */
    void advanceAll(java.util.function.Predicate<String> ownerLapsed) {
        for (Document d : store.list(KIND)) {
            Record r = read(d);
            if (!"RUNNING".equals(r.state)) continue;
            if (!engine.me().equals(r.owner) && !ownerLapsed.test(r.owner)) continue;
            try {
                advance(r.name);
            } catch (KilnException e) {
                LOG.warn("rollout {}: {}", r.name, e.getMessage());
            }
        }
    }

    /** One at a time on this appliance (the operator's start and the housekeeping round). */
    private synchronized void advance(String name) {
        update(name, r -> {
            if (!"RUNNING".equals(r.state)) return false;
            r.owner = engine.me();
            int pending = 0;
            for (int i = 0; i < r.started; i++) {
                String h = r.hosts.get(i);
                if (r.succeeded.contains(h) || r.failed.containsKey(h)) continue;
                WorkflowRun run = engine.runOf(h).filter(x -> x.id().equals(r.runs.get(h))).orElse(null);
                if (run == null) {
                    r.failed.put(h, "its run is gone (another run replaced it)");
                } else if (run.state() == RunState.SUCCEEDED) {
                    r.succeeded.add(h);
                } else if (!run.state().active()) {
                    r.failed.put(h, run.state() + ": " + run.reason());
                    timeline.record(h, EventSource.WORKFLOW, "rollout-failure", "rollout " + r.name + ": " + run.state() + ": " + run.reason());
                } else {
                    pending++;
                }
            }
            if (r.failed.size() > r.maxFailures) {
                r.state = "STOPPED";
                r.reason = r.failed.size() + " host(s) failed, more than the failure budget of " + r.maxFailures + ": no further batch starts";
                LOG.warn("rollout {}: {}", r.name, r.reason);
                return true;
            }
            if (pending > 0) return true;
            if (r.started >= r.hosts.size()) {
                r.state = "DONE";
                r.reason = r.succeeded.size() + " succeeded, " + r.failed.size() + " failed (budget " + r.maxFailures + ")";
                return true;
            }
            int end = Math.min(r.hosts.size(), r.started + r.batchSize);
            for (int i = r.started; i < end; i++) {
                String h = r.hosts.get(i);
                String by = "rollout " + r.name + " (" + r.createdBy + ")";
                // started already by an attempt of this write that lost to another writer: that run is the rollout's
                Optional<WorkflowRun> mine = engine.runOf(h).filter(x -> x.state().active() && by.equals(x.startedBy()));
                if (mine.isPresent()) {
                    r.runs.put(h, mine.get().id());
                    continue;
                }
                try {
                    r.runs.put(h, engine.start(h, r.template, by, Map.of(), r.variables).id());
                } catch (KilnException e) {
                    r.failed.put(h, "could not start: " + e.getMessage());
                }
            }
            r.started = end;
            return true;
        });
    }

    private void update(String name, java.util.function.Predicate<Record> change) {
        StoredUpdate.apply(store, KIND, name, Record.class, change).orElseThrow(() -> KilnException.notFound("no rollout named '" + name + "'"));
    }

    private static Record read(Document d) {
        return WorkflowJson.read(d.json(), Record.class);
    }
}
