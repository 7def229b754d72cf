package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.StepState;
import io.kiln.api.workflow.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every host's run as a state machine. Each decision is written to the store (with the version it was read
 * at) before it is acted on: an appliance action is marked RUNNING, saved, then called; an agent action is saved
 * before the agent can fetch it. After a crash a run resumes from what was saved: a step found RUNNING is run again
 * only when it is idempotent, checked where its type can be (power), and otherwise stops the run in FAILED, in doubt.
 *
 * <p>Runs advance on a bounded pool of workers, never on a network thread, one host at a time; appliance actions
 * (BMC calls) run on their own bounded pool, each attempt under its timeout, so a hung BMC holds one thread and
 * its own host only. Several appliances on one database share the runs: each run names its owner, an appliance's
 * claim lasts as long as it renews its lease, and a run whose owner's lease has lapsed is taken over.
 */
final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(10);
    private static final Duration NO_LIMIT = Duration.ofDays(7);

    private final RunStore runs;
    private final Inventory inventory;
    private final ApplianceActions appliance;
    private final AgentActions agent;
    private final Timeline timeline;
    private final Clock clock;
    private final Function<String, WorkflowTemplate> templates;
    private final String me;
    private final WorkflowSettings settings;
    private final ScheduledExecutorService ticker;
    /**
     * Housekeeping's own thread: a round that starts many ZTP runs (10,000 hosts registered at once) took minutes on
     * the ticker's thread, and no run advanced meanwhile (bench/fleet).
     */
    private final ScheduledExecutorService housekeeper;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor actions;
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();
    /** Each ended attempt by action and outcome, with its duration: for /metrics. */
    private final ActionStats actionStats = new ActionStats();
    private volatile Instant leaseValidUntil = Instant.EPOCH;
    private volatile String problem;
    private volatile boolean closed;
    private volatile java.util.function.Consumer<java.util.function.Predicate<String>> afterHousekeeping;
    /** Housekeeping rounds on a store of its own between two reads of every run. */
    static final int SWEEP_ROUNDS = 6;
    /** Housekeeping rounds so far; guarded by this. */
    private int rounds;
    /** The hosts that have a run: read at the last sweep, plus those started since. */
    private volatile Set<String> known = ConcurrentHashMap.newKeySet();

    Engine(RunStore runs, Inventory inventory, ApplianceActions appliance, AgentActions agent, Timeline timeline, Clock clock,
           Function<String, WorkflowTemplate> templates, String me, WorkflowSettings settings) {
        this.runs = runs;
        this.inventory = inventory;
        this.appliance = appliance;
        this.agent = agent;
        this.timeline = timeline;
        this.clock = clock;
        this.templates = templates;
        this.me = me;
        this.settings = settings;
        this.ticker = Executors.newSingleThreadScheduledExecutor(named("kiln-workflow-tick"));
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(named("kiln-workflow-housekeeping"));
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000),
                named("kiln-workflow-worker"));
        this.actions = new ThreadPoolExecutor(settings.actionThreads(), settings.actionThreads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                named("kiln-workflow-action"));
    }

    ActionStats actionStats() {
        return actionStats;
    }

    void start() {
        housekeeper.scheduleWithFixedDelay(this::housekeeping, 0, Math.max(1, settings.leaseSeconds() / 3), TimeUnit.SECONDS);
        ticker.scheduleWithFixedDelay(this::tick, 200, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops deciding. Threads are not interrupted: an interrupt inside a store call closes the embedded database's
     * file for everyone (H2 over NIO). A BMC call still running finishes on its own and its outcome is dropped: the
     * step stays RUNNING in the store, as after a crash, and the next start resumes it.
     */
    @Override
    public void close() {
        closed = true;
        ticker.shutdown();
        housekeeper.shutdown();
        workers.shutdown();
        actions.shutdown();
    }

    String me() {
        return me;
    }

    /** The host's current or last run. */
    Optional<WorkflowRun> runOf(String host) {
        return runs.load(host).map(l -> l.run().view());
    }

    /** Called at the end of each housekeeping round (the rollouts advance there). */
    void afterHousekeeping(java.util.function.Consumer<java.util.function.Predicate<String>> hook) {
        this.afterHousekeeping = hook;
    }

    /** Why the engine cannot work now, or null. */
    String problem() {
        return problem;
    }

    int active() {
        return due.size() + inFlight.size();
    }

    // ---- scheduling ----

    void wake(String host) {
        due.put(host, clock.instant());
    }

    private void schedule(String host, Instant at) {
        if (at == null) return;
        due.merge(host, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    private void tick() {
        if (closed) return;
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : due.entrySet()) {
            if (e.getValue().isAfter(now)) continue;
            String host = e.getKey();
            if (!inFlight.add(host)) continue; // advancing now: it reloads anyway, and runs again after
            if (!due.remove(host, e.getValue())) {
                inFlight.remove(host);
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        advance(host);
                    } finally {
                        inFlight.remove(host);
                    }
                });
            } catch (RejectedExecutionException x) {
                inFlight.remove(host);
                schedule(host, now.plusSeconds(1));
            }
        }
    }

    /**
     * Renews the lease, takes over the runs of appliances whose lease lapsed, starts ZTP runs, and schedules every
     * run of its own that nothing has scheduled. Reading every run is O(fleet): on a store of its own, where this
     * appliance starts and wakes every run itself, that is done at start and then every {@link #SWEEP_ROUNDS}
     * rounds only (a safety net); on a shared store, or while another appliance's lease has lapsed, every round.
     */
    synchronized void housekeeping() { // one round at a time (the ticker's, and a test's)
        if (closed) return;
        try {
            Instant now = clock.instant();
            Map<String, Instant> was = runs.leases();
            boolean othersLapsed = was.keySet().stream().anyMatch(a -> !a.equals(me) && lapsed(a, was, now));
            Map<String, Instant> leases;
            if (runs.shared() || othersLapsed || rounds++ % SWEEP_ROUNDS == 0) {
                List<RunRecord> all = runs.all();
                // an appliance with no run to drive writes nothing (a fresh store stays empty, e.g. for a restore)
                if (all.stream().anyMatch(r -> r.state.active())) renewLease(now);
                leases = runs.leases();
                Set<String> withRun = ConcurrentHashMap.newKeySet();
                for (RunRecord r : all) {
                    withRun.add(r.host);
                    if (!r.state.active()) continue;
                    if (lapsed(r.owner, leases, now)) schedule(r.host, now); // taken over
                    else if (me.equals(r.owner) && !due.containsKey(r.host) && !inFlight.contains(r.host)) schedule(r.host, now);
                }
                known = withRun;
            } else {
                if (active() > 0) renewLease(now);
                leases = runs.leases();
            }
            startZtpRuns(known);
            var hook = afterHousekeeping;
            if (hook != null) hook.accept(owner -> lapsed(owner, leases, now));
            problem = null;
        } catch (RuntimeException e) {
            problem = "the workflow store cannot be used: " + e.getMessage();
            LOG.warn("workflow housekeeping: {}", e.getMessage());
        }
    }

    private void renewLease(Instant now) {
        runs.renewLease(me, now.plusSeconds(settings.leaseSeconds()), "kiln appliance " + me);
        leaseValidUntil = now.plusSeconds(settings.leaseSeconds() * 2L / 3);
    }

    private static boolean lapsed(String owner, Map<String, Instant> leases, Instant now) {
        Instant until = owner == null ? null : leases.get(owner);
        return until == null || until.isBefore(now);
    }

    /** Every ZTP instance that wants to run and has never had a run gets one of its role's workflow. */
    private void startZtpRuns(Set<String> withRun) {
        for (Versioned<Instance> v : inventory.list(Instance.class)) {
            Instance i = v.value();
            if (withRun.contains(i.host()) || i.desired() != ProvisioningState.RUNNING) continue;
            if (i.current() != ProvisioningState.PENDING && i.current() != ProvisioningState.PROVISIONING) continue;
            try {
                start(i.host(), workflowOf(i.host()), "kiln (zero-touch)", Map.of());
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT) LOG.warn("host {}: cannot start its workflow: {}", i.host(), e.getMessage());
            }
        }
    }

    /** The workflow the host's role names, else ztp. */
    String workflowOf(String host) {
        Host h = inventory.host(host).orElse(null);
        Role role = h == null || h.role() == null ? null : inventory.get(Role.class, h.role()).map(Versioned::value).orElse(null);
        return role != null && role.workflow() != null ? role.workflow() : BuiltInTemplates.ZTP;
    }

    // ---- operations ----

    WorkflowRun start(String host, String templateName, String who, Map<String, Instant> signals) {
        return start(host, templateName, who, signals, Map.of());
    }

    WorkflowRun start(String host, String templateName, String who, Map<String, Instant> signals, Map<String, String> variables) {
        inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        WorkflowTemplate t = templates.apply(templateName);
        if (t == null) throw KilnException.notFound("no workflow named '" + templateName + "' (kiln:workflow-templates lists them)");
        List<String> problems = Templates.problems(t);
        if (!problems.isEmpty()) throw KilnException.invalid("workflow '" + t.name() + "' cannot run: " + String.join("; ", problems));
        Optional<RunStore.Loaded> old = runs.load(host);
        if (old.isPresent() && old.get().run().state == RunState.DETACHED && !t.name().equals("attach")) {
            throw KilnException.conflict("host '" + host + "' is detached: Kiln does not manage it (kiln:host-attach " + host + " first)");
        }
        if (old.isPresent() && old.get().run().state.active()) {
            throw KilnException.conflict("host '" + host + "' already runs workflow '" + old.get().run().template + "' ("
                    + old.get().run().state + "): kiln:workflow-cancel " + host + " first");
        }
        Instant now = clock.instant();
        RunRecord r = new RunRecord();
        r.host = host;
        r.id = UUID.randomUUID().toString().substring(0, 8);
        r.template = t.name();
        r.templateVersion = inventory.get(WorkflowTemplate.class, t.name()).map(Versioned::version).orElse(0L);
        r.plan = t;
        r.owner = me;
        r.started = now;
        r.updated = now;
        r.startedBy = who;
        r.signals.putAll(signals);
        r.variables.putAll(variables);
        for (WorkflowStep s : t.steps()) {
            StepRecord sr = new StepRecord();
            sr.name = s.name();
            sr.type = s.type();
            sr.on = ActionType.of(s.type()).where();
            r.steps.add(sr);
        }
        // a workflow that writes an image provisions the instance again
        if (t.steps().stream().anyMatch(s -> ActionType.of(s.type()) == ActionType.IMAGE)) {
            inventory.instanceStatus(host).filter(s -> s.value().current() == ProvisioningState.RUNNING || s.value().current() == ProvisioningState.ERROR)
                    .ifPresent(s -> setInstance(host, ProvisioningState.PROVISIONING, "workflow " + t.name() + " started"));
        }
        if (now.isAfter(leaseValidUntil)) { // the first run this appliance drives: claim it now (else the next round does)
            try {
                renewLease(now);
            } catch (KilnException e) {
                LOG.debug("lease not renewed now: {}", e.getMessage());
            }
        }
        runs.save(r, old.map(RunStore.Loaded::version).orElse(io.kiln.api.store.DocumentStore.MUST_NOT_EXIST));
        known.add(host);
        event(host, "run-started", "workflow " + t.name() + " (run " + r.id + ", " + t.steps().size() + " steps) started by " + who);
        wake(host);
        return r.view();
    }

    WorkflowRun cancel(String host, String who) {
        RunRecord r = runs.update(host, x -> {
            if (!x.state.active()) throw KilnException.conflict("host '" + host + "' runs no workflow (its last one " + x.state + ")");
            x.state = RunState.CANCELLED;
            x.reason = "cancelled by " + who;
            x.updated = clock.instant();
            return true;
        }).orElseThrow(() -> KilnException.conflict("host '" + host + "' has never run a workflow"));
        event(host, "run-cancelled", "workflow " + r.template + " cancelled by " + who + " at step " + stepName(r));
        return r.view();
    }

    WorkflowRun detach(String host, String who) {
        inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        for (int i = 0; ; i++) {
            Optional<RunStore.Loaded> old = runs.load(host);
            if (old.isPresent() && old.get().run().state == RunState.DETACHED) return old.get().run().view();
            Instant now = clock.instant();
            RunRecord r = new RunRecord();
            r.host = host;
            r.id = UUID.randomUUID().toString().substring(0, 8);
            r.template = "detach";
            r.plan = null;
            r.state = RunState.DETACHED;
            r.owner = me;
            r.started = now;
            r.updated = now;
            r.startedBy = who;
            r.reason = "detached by " + who + (old.isPresent() && old.get().run().state.active() ? " (its " + old.get().run().template
                    + " run was cancelled at step " + stepName(old.get().run()) + ")" : "") + ": Kiln does not manage it; kiln:host-attach " + host;
            try {
                runs.save(r, old.map(RunStore.Loaded::version).orElse(io.kiln.api.store.DocumentStore.MUST_NOT_EXIST));
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || i > 5) throw e;
                continue;
            }
            event(host, "detached", r.reason);
            return r.view();
        }
    }

    WorkflowRun attach(String host, String who) {
        WorkflowRun r = start(host, "attach", who, Map.of());
        event(host, "attached", "managed again by " + who);
        return r;
    }

    WorkflowRun approve(String host, String who) {
        RunRecord r = runs.update(host, x -> {
            if (!x.state.active()) throw KilnException.conflict("host '" + host + "' runs no workflow");
            x.signals.put("approved", clock.instant());
            return true;
        }).orElseThrow(() -> KilnException.conflict("host '" + host + "' has never run a workflow"));
        event(host, "approved", "approved by " + who);
        wake(host);
        return r.view();
    }

    /** Back to the last wait for onboarding before the failed gate (the host must onboard again: quarantine revoked its credentials). */
    WorkflowRun release(String host, boolean skipGate, String who) {
        // a run cancelled while it held its host in quarantine leaves the host QUARANTINED: this is its only way out
        boolean held = inventory.hostStatus(host).map(v -> v.value().currentState() == OnboardingState.QUARANTINED).orElse(false);
        boolean[] runReleased = {true};
        RunRecord r = runs.update(host, x -> {
            if (x.state != RunState.QUARANTINED && held && !x.state.active()) {
                runReleased[0] = false;
                return false;
            }
            if (x.state != RunState.QUARANTINED) throw KilnException.conflict("host '" + host + "' is not quarantined by its workflow (run " + x.state + ")");
            int back = x.current;
            for (int i = x.current - 1; i >= 0; i--) {
                if (ActionType.of(x.steps.get(i).type) == ActionType.WAIT_ONBOARDED) {
                    back = i;
                    break;
                }
            }
            for (int i = back; i <= x.current && i < x.steps.size(); i++) reset(x.steps.get(i));
            x.current = back;
            x.signals.remove("onboarded");
            x.state = RunState.RUNNING;
            x.skipGates = skipGate;
            x.reason = "";
            x.updated = clock.instant();
            return true;
        }).orElseThrow(() -> KilnException.conflict("host '" + host + "' has never run a workflow"));
        setHostState(host, OnboardingState.REGISTERED);
        if (!runReleased[0]) {
            event(host, "released", "released from quarantine by " + who + "; its workflow " + r.template + " had ended (" + r.state + "): the host is REGISTERED");
            return r.view();
        }
        event(host, "released", "released from quarantine by " + who + (skipGate ? " (its gates are not checked again)" : "")
                + "; it goes on from step " + stepName(r) + " once it onboards again (reboot it into the network)");
        wake(host);
        return r.view();
    }

    private static void reset(StepRecord s) {
        s.state = StepState.PENDING;
        s.attempt = 0;
        s.started = s.finished = s.nextAttempt = s.deadline = s.delivered = null;
        s.reported = null;
        s.inDoubt = false;
        s.message = "";
    }

    // ---- the agent's side ----

    /** @param received the id of the action the agent says it received last; null: it does not say */
    AgentAction next(String host, String received) {
        Optional<RunStore.Loaded> l = runs.load(host);
        if (l.isEmpty()) return wait("host '" + host + "' runs no workflow (a ZTP host's starts by itself; else kiln:workflow-start)", 30);
        RunRecord r = l.get().run();
        switch (r.state) {
            case SUCCEEDED:
                return done("workflow " + r.template + " succeeded");
            case FAILED:
                return done("workflow " + r.template + " failed: " + r.reason);
            case CANCELLED:
                return done("workflow " + r.template + " was cancelled: " + r.reason);
            case DETACHED:
                return done("the host is detached: " + r.reason);
            case QUARANTINED:
                return wait("quarantined: " + r.reason + " (kiln:host-release " + host + ")", 30);
            default:
                break;
        }
        StepRecord s;
        WorkflowStep spec;
        String id;
        boolean compensation = r.state == RunState.ROLLING_BACK;
        if (compensation) {
            if (r.rollback < 0) return wait("the rollback is ending", 2);
            s = r.steps.get(r.rollback);
            spec = r.plan.steps().get(r.rollback).compensate();
            if (spec == null || !"RUNNING".equals(s.compensation) || ActionType.of(spec.type()).appliance || s.reported != null) {
                return wait("rolling back: step " + s.name + " is being undone on the appliance", 2);
            }
            id = s.compensationId;
        } else {
            s = r.step();
            if (s == null) return wait("the workflow is ending", 2);
            spec = r.plan.steps().get(r.current);
            ActionType t = ActionType.of(spec.type());
            if (t.appliance || s.state != StepState.RUNNING || s.reported != null || s.inDoubt) {
                return wait("step " + (r.current + 1) + "/" + r.steps.size() + " " + s.name + " (" + s.type + ") " + stepWaitWords(s, t), t.isWait() ? 5 : 2);
            }
            id = s.actionId;
        }
        ActionType t = ActionType.of(spec.type());
        boolean idempotent = spec.idempotent() != null ? spec.idempotent() : t.idempotent;
        final String actionId = id;
        // an agent that says it received another action last never got this one: the answer was lost on the way (Kiln
        // was killed after it recorded the delivery), nothing ran, and it is handed out again
        boolean lost = received != null && !received.equals(actionId);
        if (!compensation && s.delivered != null && !idempotent && !lost) {
            // the agent asks for what it was given already: it lost it (restarted) and may have run part of it
            runs.update(host, x -> {
                StepRecord y = x.step(actionId);
                if (y == null || y.inDoubt || y.reported != null) return false;
                y.inDoubt = true;
                return true;
            });
            wake(host);
            return wait("step " + s.name + " may have run already and is not idempotent: it is not sent again", 5);
        }
        AgentAction a;
        try {
            a = agent.build(id, t, Params.fill(spec.parameters(), vars(r), spec.name()), host, r.kilnUrl);
        } catch (KilnException e) {
            report(host, id, false, e.getMessage(), Map.of());
            return wait("step " + s.name + " cannot be built: " + e.getMessage(), 2);
        }
        Instant now = clock.instant();
        int timeout = timeoutSeconds(spec, t);
        boolean first = s.delivered == null;
        runs.update(host, x -> {
            StepRecord y = x.step(actionId);
            if (y == null || !(actionId.equals(y.actionId) || actionId.equals(y.compensationId))) return false;
            if (actionId.equals(y.compensationId)) {
                y.compensationDeadline = now.plusSeconds(timeout);
                return true;
            }
            if (y.delivered == null) y.delivered = now;
            y.deadline = now.plusSeconds(timeout);
            return true;
        });
        if (first) event(host, "action-sent", actionId + " to the agent: " + AgentActions.describe(a));
        return a;
    }

    private static String stepWaitWords(StepRecord s, ActionType t) {
        if (s.state == StepState.RETRY_WAIT) return "waits to be tried again at " + s.nextAttempt;
        if (s.reported != null) return "is being recorded";
        if (s.inDoubt) return "is in doubt";
        return t.appliance ? (t.isWait() ? "waits" : "runs on the appliance") : "is about to be handed out";
    }

    void progress(String host, String actionId, Integer percent, String message, List<String> log) {
        Instant now = clock.instant();
        runs.update(host, r -> {
            StepRecord s = r.step(actionId);
            if (s == null) throw KilnException.notFound("host '" + host + "' has no action '" + actionId + "' in its workflow run");
            if (percent != null) s.percent = Math.max(0, Math.min(100, percent));
            if (message != null) s.message = message;
            s.addLog(log);
            r.updated = now;
            return true;
        }).orElseThrow(() -> KilnException.notFound("host '" + host + "' has no workflow run"));
        heartbeats.put(host, now);
    }

    void result(String host, String actionId, boolean ok, String message, Map<String, String> details) {
        report(host, actionId, ok, message, details);
        heartbeats.put(host, clock.instant());
    }

    private void report(String host, String actionId, boolean ok, String message, Map<String, String> details) {
        runs.update(host, r -> {
            StepRecord s = r.step(actionId);
            if (s == null) throw KilnException.notFound("host '" + host + "' has no action '" + actionId + "' in its workflow run");
            boolean current = actionId.equals(s.actionId) ? s.state == StepState.RUNNING : "RUNNING".equals(s.compensation);
            if (!current || s.reported != null) return false; // a late or repeated report of an attempt already decided
            s.reported = ok;
            s.reportedMessage = message == null ? "" : message;
            s.reportedDetails = details == null ? Map.of() : new LinkedHashMap<>(details);
            return true;
        }).orElseThrow(() -> KilnException.notFound("host '" + host + "' has no workflow run"));
        wake(host);
    }

    void heartbeat(String host) {
        heartbeats.put(host, clock.instant());
    }

    Instant lastHeard(String host) {
        return heartbeats.get(host);
    }

    void hostEvent(String host, String name, String detail) {
        Instant now = clock.instant();
        if ("boot-script".equals(name)) {
            runs.update(host, r -> {
                if (!r.state.active() || detail == null || detail.equals(r.kilnUrl)) return false;
                r.kilnUrl = detail;
                return true;
            });
            return;
        }
        // twice at most: housekeeping may start the host's ZTP run between this finding none and starting one, and
        // that run must get the signal too (else it waits for an onboarding that already happened, bench/fleet)
        for (int attempt = 1; attempt <= 2; attempt++) {
            Optional<RunRecord> r = runs.update(host, x -> {
                if (!x.state.active()) return false;
                x.signals.put(name, now);
                return true;
            });
            if ((r.isEmpty() || !r.get().state.active() && r.get().state != RunState.DETACHED) && "onboarded".equals(name)) {
                // a host that onboards and should be provisioned but has no run: its workflow starts now
                Instance i = inventory.context(host).map(HostContext::instance).orElse(null);
                if (i != null && i.desired() == ProvisioningState.RUNNING
                        && (i.current() == ProvisioningState.PENDING || i.current() == ProvisioningState.PROVISIONING)) {
                    try {
                        start(host, workflowOf(host), "kiln (zero-touch)", Map.of("onboarded", now));
                    } catch (KilnException e) {
                        if (e.kind() == KilnException.Kind.CONFLICT && attempt == 1) continue; // started meanwhile: signal it
                        LOG.warn("host {}: its workflow cannot start: {}", host, e.getMessage());
                    }
                }
            }
            break;
        }
        wake(host);
    }

    /** Why the host's network boots go to its disk because it is detached, or null (see WorkflowAgent#detached). */
    String detached(String host) {
        RunRecord r = runs.load(host).map(RunStore.Loaded::run).orElse(null);
        return r != null && r.state == RunState.DETACHED ? detachedReason(r) : null;
    }

    private static String detachedReason(RunRecord r) {
        return "it is detached (" + r.reason + "): boot from its disk";
    }

    String bootsFromDisk(String host) {
        RunRecord r = runs.load(host).map(RunStore.Loaded::run).orElse(null);
        if (r == null || r.state == RunState.CANCELLED || r.state == RunState.FAILED) return null;
        if (r.state == RunState.DETACHED) return detachedReason(r);
        Instant rebooted = null;
        for (int i = 0; i < r.steps.size() && i <= r.current; i++) {
            StepRecord s = r.steps.get(i);
            ActionType t = ActionType.of(s.type);
            if (t == ActionType.REBOOT && s.state == StepState.SUCCEEDED) rebooted = s.finished;
            if (t == ActionType.WAIT_ONBOARDED && s.state != StepState.SUCCEEDED) rebooted = null; // it must come back through the network
        }
        return rebooted == null ? null : "its OS was written to disk and it was rebooted into it at " + rebooted + " (workflow " + r.template
                + "): boot from its disk";
    }

    // ---- the state machine ----

    private void advance(String host) {
        if (closed) return;
        try {
            for (int guard = 0; guard < 100; guard++) {
                if (!step(host)) return;
            }
            schedule(host, clock.instant());
        } catch (KilnException e) {
            if (e.kind() == KilnException.Kind.CONFLICT) {
                schedule(host, clock.instant().plusMillis(100)); // written by someone else meanwhile: decide again
            } else {
                LOG.warn("host {}: workflow: {}", host, e.getMessage());
                schedule(host, clock.instant().plusSeconds(settings.recheckSeconds()));
            }
        } catch (RuntimeException e) {
            LOG.warn("host {}: workflow step failed unexpectedly", host, e);
            schedule(host, clock.instant().plusSeconds(settings.recheckSeconds()));
        }
    }

    /** One decision; true when another may follow at once. */
    private boolean step(String host) {
        if (closed) return false;
        Optional<RunStore.Loaded> l = runs.load(host);
        if (l.isEmpty()) return false;
        RunRecord r = l.get().run();
        long version = l.get().version();
        if (!r.state.active()) return false;
        Instant now = clock.instant();
        if (!me.equals(r.owner)) {
            if (!lapsed(r.owner, runs.leases(), now)) return false;
            String from = r.owner;
            r.owner = me;
            r.updated = now;
            runs.save(r, version);
            event(host, "run-taken-over", "appliance " + me + " takes over workflow " + r.template + " from " + from + ", whose lease lapsed");
            return true;
        }
        if (now.isAfter(leaseValidUntil)) {
            schedule(host, now.plusSeconds(1)); // this appliance's own claim may have lapsed: act on nothing until it is renewed
            return false;
        }
        if (removed(host)) { // a host deleted while its run waited: nothing is left to act on (or power on)
            r.state = RunState.CANCELLED;
            r.reason = "host '" + host + "' was removed from the inventory";
            r.updated = now;
            save(r, version);
            event(host, "run-cancelled", "workflow " + r.template + " cancelled at step " + stepName(r) + ": the host was removed from the inventory");
            return false;
        }
        return switch (r.state) {
            case RUNNING -> running(r, version, now);
            case ROLLING_BACK -> rollingBack(r, version, now);
            case QUARANTINED -> {
                setHostState(host, OnboardingState.QUARANTINED); // kept so after a crash between the two writes
                yield false;
            }
            default -> false;
        };
    }

    /** Whether the host is gone from the inventory (not merely unreadable: a store that is down removes nothing). */
    private boolean removed(String host) {
        try {
            return inventory.host(host).isEmpty();
        } catch (KilnException e) {
            return false;
        }
    }

    private boolean running(RunRecord r, long version, Instant now) {
        String host = r.host;
        StepRecord s = r.step();
        if (s == null) {
            finish(r, version, RunState.SUCCEEDED, "every step done");
            return false;
        }
        WorkflowStep spec = r.plan.steps().get(r.current);
        ActionType t = ActionType.of(spec.type());
        switch (s.state) {
            case SUCCEEDED, SKIPPED, COMPENSATED -> {
                r.current++;
                save(r, version);
                return true;
            }
            case FAILED -> {
                beginRollback(r, "step " + s.name + " failed: " + s.message);
                save(r, version);
                return true;
            }
            case RETRY_WAIT, PENDING -> {
                if (s.state == StepState.RETRY_WAIT && s.nextAttempt != null && now.isBefore(s.nextAttempt)) {
                    schedule(host, s.nextAttempt);
                    return false;
                }
                if (s.attempt == 0 && !r.skipGates) {
                    String failed = gateFailure(r, spec);
                    if (failed != null) {
                        quarantine(r, version, s, failed);
                        return false;
                    }
                }
                r.skipGates = false;
                s.attempt++;
                s.state = StepState.RUNNING;
                s.started = now;
                s.finished = s.nextAttempt = s.delivered = null;
                s.reported = null;
                s.percent = null;
                s.deadline = now.plusSeconds(timeoutSeconds(spec, t));
                if (!t.appliance) s.actionId = r.id + "-" + (++r.sequence);
                s.message = switch (t) {
                    case WAIT_ONBOARDED -> "waiting for the host's agent to onboard (network boot it)";
                    case WAIT_FIRST_BOOT -> "waiting for the installed system's first-boot report";
                    case WAIT_APPROVAL -> "waiting for an operator: kiln:workflow-approve " + host;
                    case DELAY -> "waiting";
                    default -> t.appliance ? "running" : "waiting for the agent to fetch it";
                };
                r.updated = now;
                long v = save(r, version); // persisted before it is acted on
                event(host, "step-started", stepWords(r, s) + " attempt " + s.attempt + (t.appliance ? "" : " (agent action " + s.actionId + ")"));
                if (t.appliance && !t.isWait()) execute(r, s.attempt, spec, t);
                else if (!t.appliance) schedule(host, s.deadline);
                return t.appliance;
            }
            case RUNNING -> {
                if (t.isWait()) return waiting(r, version, s, spec, t, now);
                if (t.appliance) return resumeAppliance(r, version, s, spec, t);
                if (s.reported != null) {
                    Outcome o = s.reported ? Outcome.ok(s.reportedMessage, s.reportedDetails) : Outcome.failed(s.reportedMessage);
                    finishAttempt(r, s, spec, o, now);
                    save(r, version);
                    return true;
                }
                if (s.inDoubt) {
                    fail(r, version, "step " + s.name + " (" + s.type + ", not idempotent) may have run: the agent asked for it again after it was"
                            + " handed out. Check the host, then kiln:workflow-start " + host + " " + r.template);
                    return false;
                }
                if (s.deadline != null && !now.isBefore(s.deadline)) {
                    finishAttempt(r, s, spec, Outcome.failed("timed out after " + timeoutSeconds(spec, t) + " s"
                            + (s.delivered == null ? " (the agent never fetched it)" : "")), now);
                    save(r, version);
                    return true;
                }
                schedule(host, earliest(s.deadline, eventRecheck(now)));
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean waiting(RunRecord r, long version, StepRecord s, WorkflowStep spec, ActionType t, Instant now) {
        Outcome o;
        try {
            o = waitOutcome(r, s, spec, t, now);
        } catch (KilnException e) {
            o = Outcome.failed(e.getMessage());
        }
        if (o == null && s.deadline != null && !now.isBefore(s.deadline)) o = Outcome.failed("timed out after " + timeoutSeconds(spec, t) + " s");
        if (o != null) {
            finishAttempt(r, s, spec, o, now);
            save(r, version);
            return true;
        }
        Instant next = t == ActionType.DELAY ? delayEnd(r, s, spec) : eventRecheck(now);
        schedule(r.host, earliest(s.deadline, next));
        return false;
    }

    /** Whether the thing a wait step waits for has happened (null: not yet). */
    private Outcome waitOutcome(RunRecord r, StepRecord s, WorkflowStep spec, ActionType t, Instant now) {
        return switch (t) {
            case WAIT_ONBOARDED -> r.signals.containsKey("onboarded") ? Outcome.ok("the agent onboarded at " + r.signals.get("onboarded")) : null;
            case WAIT_FIRST_BOOT -> {
                if (!r.signals.containsKey("first-boot")) yield null;
                setInstance(r.host, ProvisioningState.RUNNING, "first boot reported"); // before the step is saved done: repeated if need be
                yield Outcome.ok("the installed system reported its first boot at " + r.signals.get("first-boot"));
            }
            case WAIT_APPROVAL -> r.signals.containsKey("approved") && !r.signals.get("approved").isBefore(s.started)
                    ? Outcome.ok("approved at " + r.signals.get("approved")) : null;
            case DELAY -> {
                Instant end = delayEnd(r, s, spec);
                yield now.isBefore(end) ? null : Outcome.ok("waited until " + end);
            }
            default -> throw new IllegalStateException(t.word());
        };
    }

    /** @throws KilnException INVALID when the seconds are not a number (the variable's value, say): the attempt fails */
    private Instant delayEnd(RunRecord r, StepRecord s, WorkflowStep spec) {
        String v = Params.fill(spec.parameters(), vars(r), spec.name()).getOrDefault("seconds", "0").trim();
        if (!v.matches("\\d{1,7}")) throw KilnException.invalid("step " + spec.name() + ": seconds '" + v + "' is not a whole number");
        return s.started.plusSeconds(Long.parseLong(v));
    }

    /** An appliance action found RUNNING: this appliance (or the one it took over from) stopped while it ran. */
    private boolean resumeAppliance(RunRecord r, long version, StepRecord s, WorkflowStep spec, ActionType t) {
        boolean idempotent = spec.idempotent() != null ? spec.idempotent() : t.idempotent;
        if (idempotent) {
            event(r.host, "step-resumed", stepWords(r, s) + " was running when Kiln stopped; it is idempotent, so it runs again");
            execute(r, s.attempt, spec, t);
            return true;
        }
        fail(r, version, "step " + s.name + " (" + s.type + ", not idempotent) was running when Kiln stopped and may have run: it is not run"
                + " twice. Check the host, then kiln:workflow-start " + r.host + " " + r.template);
        return false;
    }

    /** Runs an appliance action on the action pool under its timeout, then records the outcome (reloading the run). */
    private void execute(RunRecord r, int attempt, WorkflowStep spec, ActionType t) {
        int index = r.current;
        Duration timeout = Duration.ofSeconds(timeoutSeconds(spec, t));
        Outcome o;
        Future<Outcome> f = null;
        try {
            Map<String, String> params = Params.fill(spec.parameters(), vars(r), spec.name());
            f = actions.submit(() -> appliance.run(t, params, r.host, timeout));
            o = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            o = Outcome.failed("timed out after " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            o = Outcome.failed(c instanceof KilnException ? c.getMessage() : String.valueOf(c));
        } catch (KilnException e) {
            o = Outcome.failed(e.getMessage());
        } catch (RejectedExecutionException e) {
            o = Outcome.failed("too many appliance actions at once (actionThreads): tried again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the step stays RUNNING and is resumed
        }
        apply(r.host, index, attempt, o);
    }

    private void apply(String host, int index, int attempt, Outcome o) {
        if (closed) return; // as after a crash: the next start finds the step RUNNING
        Instant now = clock.instant();
        runs.update(host, x -> {
            if (x.state != RunState.RUNNING || !me.equals(x.owner) || x.current != index) return false; // cancelled or moved on meanwhile
            StepRecord s = x.steps.get(index);
            if (s.state != StepState.RUNNING || s.attempt != attempt) return false;
            finishAttempt(x, s, x.plan.steps().get(index), o, now);
            return true;
        });
    }

    private void finishAttempt(RunRecord r, StepRecord s, WorkflowStep spec, Outcome o, Instant now) {
        actionStats.record(spec.type(), o.kind(), s.started == null ? Duration.ZERO : Duration.between(s.started, now));
        s.reported = null;
        s.message = o.message();
        s.details.putAll(o.details());
        r.updated = now;
        switch (o.kind()) {
            case SUCCEEDED -> {
                s.state = StepState.SUCCEEDED;
                s.finished = now;
                event(r.host, "step-done", stepWords(r, s) + ": " + o.message());
            }
            case SKIPPED -> {
                s.state = StepState.SKIPPED;
                s.finished = now;
                event(r.host, "step-skipped", stepWords(r, s) + ": " + o.message());
            }
            case FAILED -> {
                if (s.attempt <= spec.retries()) {
                    long backoff = (long) spec.backoffSeconds() << Math.min(20, s.attempt - 1);
                    s.state = StepState.RETRY_WAIT;
                    s.nextAttempt = now.plusSeconds(Math.min(backoff, LONGEST_BACKOFF.toSeconds()));
                    event(r.host, "step-retry", stepWords(r, s) + " attempt " + s.attempt + " failed: " + o.message() + "; attempt "
                            + (s.attempt + 1) + " of " + (spec.retries() + 1) + " at " + s.nextAttempt);
                } else {
                    s.state = StepState.FAILED;
                    s.finished = now;
                    event(r.host, "step-failed", stepWords(r, s) + " failed" + (s.attempt > 1 ? " after " + s.attempt + " attempts" : "") + ": " + o.message());
                }
            }
        }
    }

    private void beginRollback(RunRecord r, String why) {
        r.state = RunState.ROLLING_BACK;
        r.rollback = r.current - 1;
        r.reason = why;
        event(r.host, "rollback-started", why + "; undoing the steps done, last first");
    }

    private boolean rollingBack(RunRecord r, long version, Instant now) {
        while (r.rollback >= 0) {
            StepRecord d = r.steps.get(r.rollback);
            WorkflowStep undo = r.plan.steps().get(r.rollback).compensate();
            if (d.state != StepState.SUCCEEDED || undo == null || "SUCCEEDED".equals(d.compensation) || "FAILED".equals(d.compensation)) {
                r.rollback--;
                continue;
            }
            ActionType t = ActionType.of(undo.type());
            if (d.compensation == null) {
                d.compensation = "RUNNING";
                d.compensationId = r.id + "-" + (++r.sequence);
                d.compensationDeadline = now.plusSeconds(timeoutSeconds(undo, t));
                d.reported = null;
                long v = save(r, version);
                event(r.host, "compensation-started", "undoing step " + d.name + " with " + undo.type());
                if (!t.appliance) {
                    schedule(r.host, d.compensationDeadline);
                    return false;
                }
                Outcome o = compensate(r, undo, t);
                int index = r.rollback;
                runs.update(r.host, x -> {
                    StepRecord y = x.steps.get(index);
                    if (x.state != RunState.ROLLING_BACK || !"RUNNING".equals(y.compensation)) return false;
                    endCompensation(x, y, o);
                    return true;
                });
                return true;
            }
            // RUNNING
            if (t.appliance) {
                endCompensation(r, d, Outcome.failed("interrupted when Kiln stopped; not run again"));
            } else if (d.reported != null) {
                endCompensation(r, d, d.reported ? Outcome.ok(d.reportedMessage) : Outcome.failed(d.reportedMessage));
            } else if (d.compensationDeadline != null && !now.isBefore(d.compensationDeadline)) {
                endCompensation(r, d, Outcome.failed("timed out"));
            } else {
                schedule(r.host, earliest(d.compensationDeadline, eventRecheck(now)));
                return false;
            }
            save(r, version);
            return true;
        }
        finish(r, version, RunState.FAILED, r.reason);
        return false;
    }

    private Outcome compensate(RunRecord r, WorkflowStep undo, ActionType t) {
        Duration timeout = Duration.ofSeconds(timeoutSeconds(undo, t));
        try {
            Map<String, String> params = Params.fill(undo.parameters(), vars(r), undo.name());
            return actions.submit(() -> appliance.run(t, params, r.host, timeout)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return Outcome.failed(String.valueOf(e.getCause() instanceof KilnException ? e.getCause().getMessage() : e.getCause()));
        } catch (TimeoutException e) {
            return Outcome.failed("timed out after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (RuntimeException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private void endCompensation(RunRecord r, StepRecord d, Outcome o) {
        d.compensation = o.kind() == Outcome.Kind.FAILED ? "FAILED" : "SUCCEEDED";
        d.compensationMessage = o.message();
        d.reported = null;
        if (o.kind() != Outcome.Kind.FAILED) d.state = StepState.COMPENSATED;
        event(r.host, o.kind() == Outcome.Kind.FAILED ? "compensation-failed" : "compensation-done", "step " + d.name + ": " + o.message());
    }

    private void quarantine(RunRecord r, long version, StepRecord s, String why) {
        setHostState(r.host, OnboardingState.QUARANTINED); // first: repeated if the run's write below loses to another
        r.state = RunState.QUARANTINED;
        r.reason = "gate of step " + s.name + " failed: " + why;
        r.updated = clock.instant();
        save(r, version);
        event(r.host, "quarantined", r.reason + "; the host is QUARANTINED until an operator releases it (kiln:host-release " + r.host + ")");
        bootIntoQuarantine(r.host);
    }

    /**
     * Best effort, after the transition is saved: a host with a BMC is network-booted at once, so it leaves the
     * micro-OS (whose agent is refused from now on) for what kiln-boot gives a quarantined host (iPXE holds it, or the
     * quarantine profile) and a release takes it on by itself. Without a BMC that happens at its next network boot.
     */
    private void bootIntoQuarantine(String host) {
        try {
            actions.execute(() -> {
                String how;
                try {
                    Outcome device = appliance.run(ActionType.BOOT_DEVICE, Map.of("device", "pxe"), host, Duration.ofSeconds(60));
                    how = device.kind() == Outcome.Kind.SKIPPED ? device.message()
                            : device.message() + "; " + appliance.run(ActionType.POWER_CYCLE, Map.of(), host, Duration.ofSeconds(60)).message();
                } catch (RuntimeException e) {
                    how = "could not network-boot it: " + e.getMessage();
                }
                event(host, "quarantine-boot", how + " (a quarantined host's network boot holds it in iPXE or boots the quarantine profile)");
            });
        } catch (RejectedExecutionException e) {
            event(host, "quarantine-boot", "not network-booted now (too many appliance actions at once); it is held at its next network boot");
        }
    }

    private void fail(RunRecord r, long version, String why) {
        finish(r, version, RunState.FAILED, why);
    }

    /** Ends a run; the instance follows first (a repeatable write), then the run is saved. */
    private void finish(RunRecord r, long version, RunState end, String why) {
        if (end == RunState.FAILED) {
            inventory.instanceStatus(r.host).filter(s -> s.value().current() == ProvisioningState.PROVISIONING || s.value().current() == ProvisioningState.PENDING)
                    .ifPresent(s -> setInstance(r.host, ProvisioningState.ERROR, why));
        }
        r.state = end;
        r.reason = why;
        r.updated = clock.instant();
        save(r, version);
        event(r.host, end == RunState.SUCCEEDED ? "run-succeeded" : "run-failed", "workflow " + r.template + " " + end.name().toLowerCase(java.util.Locale.ROOT)
                + (end == RunState.SUCCEEDED ? "" : ": " + why));
    }

    private String gateFailure(RunRecord r, WorkflowStep spec) {
        if (spec.gates().isEmpty()) return null;
        Map<String, String> facts = inventory.host(r.host).map(Host::hardware).orElse(Map.of());
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        for (StepRecord s : r.steps) results.put(s.name, s.details);
        List<String> failed = new ArrayList<>();
        for (String g : spec.gates()) {
            String f = Gates.failure(g, facts, results);
            if (f != null) failed.add(f);
        }
        return failed.isEmpty() ? null : String.join("; ", failed);
    }

    private long save(RunRecord r, long version) {
        return runs.save(r, version);
    }

    /** The host's effective variables, with the run's own above them. */
    private Map<String, String> vars(RunRecord r) {
        Map<String, String> v = new LinkedHashMap<>(inventory.context(r.host).map(Params::variables).orElse(Map.of()));
        v.putAll(r.variables);
        return v;
    }

    private static int timeoutSeconds(WorkflowStep spec, ActionType t) {
        int s = spec.timeoutSeconds() > 0 ? spec.timeoutSeconds() : t.defaultTimeoutSeconds;
        return s > 0 ? s : (int) NO_LIMIT.toSeconds();
    }

    /**
     * When to look again at a run that waits for an event (the agent's report, onboarding, the first boot, an
     * approval) besides its deadline. This appliance hears of every such event (they wake the run), unless other
     * appliances share the store and the agent reported to one of them: only then is the run looked at every
     * {@code recheckSeconds}. Polling every waiting run was O(fleet) work per period: 2,000 run reads a second with
     * 10,000 nodes waiting (bench/fleet). Null: at the deadline only.
     */
    private Instant eventRecheck(Instant now) {
        return runs.shared() ? now.plusSeconds(settings.recheckSeconds()) : null;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static String stepName(RunRecord r) {
        StepRecord s = r.step();
        return s == null ? "(end)" : s.name;
    }

    private static String stepWords(RunRecord r, StepRecord s) {
        return "step " + (r.steps.indexOf(s) + 1) + "/" + r.steps.size() + " " + s.name + (s.name.equals(s.type) ? "" : " (" + s.type + ")");
    }

    private void event(String host, String type, String detail) {
        timeline.record(host, EventSource.WORKFLOW, type, detail);
    }

    void setInstance(String host, ProvisioningState to, String why) {
        for (int i = 0; i < 8; i++) {
            Versioned<InstanceStatus> s = inventory.instanceStatus(host).orElse(null);
            if (s == null || s.value().current() == to) return;
            ProvisioningState from = s.value().current();
            try {
                inventory.saveStatus(new InstanceStatus(host, to), s.version());
                event(host, "instance", from + " -> " + to + " (" + why + ")");
                return;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT) throw e;
            }
        }
    }

    private void setHostState(String host, OnboardingState to) {
        for (int i = 0; i < 8; i++) {
            Versioned<HostStatus> s = inventory.hostStatus(host).orElse(null);
            if (s == null || s.value().currentState() == to) return;
            try {
                inventory.saveStatus(s.value().withCurrentState(to), s.version());
                return;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT) throw e;
            }
        }
    }

    static AgentAction wait(String why, int seconds) {
        return new AgentAction("wait", "wait", Map.of("seconds", seconds, "reason", why));
    }

    static AgentAction done(String why) {
        return new AgentAction("done", "done", Map.of("reason", why));
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
