package io.kiln.inventory.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.EntityCheck;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.HostMatch;
import io.kiln.api.inventory.HostPage;
import io.kiln.api.inventory.HostQuery;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.InventoryChange;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.net.MacAddress;
import io.kiln.api.store.Change;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.kiln.api.status.Health;
import io.kiln.config.ConfigFile;
import io.kiln.api.status.HealthReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory over Kiln's document store: an immutable state in memory (lock-free reads, the DHCP hot path) and
 * versioned documents in the database. A write builds the next state, checks it whole (references, unique
 * identities, cluster rules), persists it with the version the caller read, and only then publishes it.
 *
 * <p>Several appliances may share one PostgreSQL: each keeps its own in-memory state and re-reads the store when
 * the store's revision shows a write it did not make (checked every {@code refreshSeconds}).
 *
 * <p>Config PID io.kiln.inventory: {@code legacyFile} (the JSON file of earlier releases, imported once if the
 * store is empty), {@code refreshSeconds} (default 5; 0 = never re-read) and {@code global.NAME = value} global
 * variables (lowest precedence).
 */
@Component(service = {Inventory.class, HealthReport.class}, configurationPid = "io.kiln.inventory")
public class InventoryServiceImpl implements Inventory, HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryServiceImpl.class);

    private final DocumentStore store;
    private final Map<String, String> global;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** The state read from the store; null until the store could be read. */
    private volatile InventoryState state;
    /** Why the state could not be read at start (null once read), and the last failed re-read while running. */
    /**
     * The store kinds the state is read from. Their revision alone says whether someone else wrote the inventory:
     * the store's whole revision also moves with every workflow step, token and journal entry, and re-reading 10,000
     * hosts for each of those was most of the appliance's work while a fleet provisioned (bench/fleet).
     */
    private static final List<String> KINDS = kinds();
    private volatile String notLoaded, refreshFault;
    private volatile java.time.Instant notLoadedSince, refreshFaultSince;
    /** The store revision {@link #state} reflects; guarded by {@link #lock}'s write lock, or {@link #publish}. */
    private long revision;
    /**
     * Spec writes, loads and re-reads hold the write lock: one at a time, each sees the whole state. Status writes
     * (the fleet's traffic: a host onboarding, an instance provisioning) hold the read lock and the stripe of their
     * host's name, so writes of different hosts' statuses run side by side, each costing O(that host)
     * ({@link InventoryState#withStatus}); they take turns only to publish, in {@link #publish}.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Object[] stripes = new Object[64];
    /** Held to publish a status write's state (from the newest state, not the one the write read) and revision. */
    private final Object publish = new Object();
    private final ScheduledExecutorService refresher;
    private final long refreshEvery;
    private final Path legacyFile;
    /** What etc/io.kiln.inventory.cfg refused or did not know. */
    private final Health configHealth;
    /** How often the state is tried again while it could not be read at start. */
    static final long LOAD_RETRY_SECONDS = 2;
    /** Other bundles' checks (EntityCheck services), consulted on every write; they may come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = EntityCheck.class)
    private volatile List<EntityCheck> checks = List.of();

    @Activate
    public InventoryServiceImpl(@Reference DocumentStore store, Map<String, Object> config) {
        this.store = store;
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
        ConfigFile cfg = ConfigFile.of("io.kiln.inventory", config);
        Map<String, String> g = new TreeMap<>();
        for (String k : cfg.keys()) {
            if (k.startsWith("global.") && k.length() > 7) g.put(k.substring(7), String.valueOf(config.get(k)).trim());
        }
        this.global = Map.copyOf(g);
        this.legacyFile = resolve(cfg.string("legacyFile", cfg.string("file", "kiln/inventory.json")));
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiln-inventory-refresh");
            t.setDaemon(true);
            return t;
        });
        this.refreshEvery = cfg.integer("refreshSeconds", 5, 0, 86_400);
        cfg.unknownKeys("global\\..+");
        cfg.problems().forEach(LOG::warn);
        this.configHealth = cfg.health();
        try {
            loadFirst();
        } catch (KilnException e) {
            if (e.kind() != KilnException.Kind.UNAVAILABLE) throw e;
            // the store is not there yet (PostgreSQL still starting, a bad setting): run without a state, say why,
            // and read it as soon as the store answers
            notLoaded = e.getMessage();
            notLoadedSince = java.time.Instant.now();
            LOG.error("Kiln inventory not loaded: {}; reading it again every {} s until the store answers", notLoaded, LOAD_RETRY_SECONDS);
            refresher.scheduleWithFixedDelay(this::loadQuietly, LOAD_RETRY_SECONDS, LOAD_RETRY_SECONDS, TimeUnit.SECONDS);
        }
        if (refreshEvery > 0) refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshEvery, refreshEvery, TimeUnit.SECONDS);
    }

    /** Reads the whole state, imports the legacy file into an empty store, and publishes it; once. */
    private void loadFirst() {
        exclusive(this::loadFirstLocked);
    }

    private void loadFirstLocked() {
        if (state != null) return;
        long rev = store.revision(KINDS);
        InventoryState loaded = load();
        revision = rev;
        state = loaded;
        notLoaded = null;
        importLegacy(legacyFile);
        InventoryState s = state();
        LOG.info("Kiln inventory: {} hosts, {} profiles, {} sites, {} roles, {} clusters in {}", s.all(EntityKind.HOST).size(),
                s.all(EntityKind.PROFILE).size(), s.all(EntityKind.SITE).size(), s.all(EntityKind.ROLE).size(),
                s.all(EntityKind.CLUSTER).size(), store.describe());
    }

    private void loadQuietly() {
        if (state != null) return;
        try {
            loadFirst();
            LOG.info("Kiln inventory loaded after the store became available (not loaded since {})", notLoadedSince);
        } catch (RuntimeException e) {
            notLoaded = e.getMessage();
            LOG.debug("Kiln inventory still not loaded: {}", e.getMessage());
        }
    }

    /** The state to read and write from, or UNAVAILABLE while it could not be read from the store yet. */
    private InventoryState state() {
        InventoryState s = state;
        if (s != null) return s;
        throw new KilnException(KilnException.Kind.UNAVAILABLE, "the inventory is not loaded yet: " + notLoaded);
    }

    @Override
    public String subsystem() {
        return "inventory";
    }

    @Override
    public Health health() {
        if (state == null) return Health.down("not loaded since " + notLoadedSince + " (booting waits for it): " + notLoaded);
        String f = refreshFault;
        if (f != null) return Health.degraded("serving what was read before " + refreshFaultSince + "; cannot re-read the store: " + f);
        return configHealth;
    }

    @Deactivate
    public void close() {
        refresher.shutdownNow();
    }

    private void refreshQuietly() {
        if (state == null) return; // not loaded yet: loadQuietly reads it
        try {
            if (store.shared()) {
                refresh();
            } else {
                // the embedded store changes under this process only by a restore: looked for when no write runs.
                // Waiting for the write lock made every status write queue behind it while the ones in flight
                // finished, every refreshSeconds (26 of 64 HTTPS threads at 10,000 nodes, bench/fleet)
                if (!lock.writeLock().tryLock()) return;
                try {
                    refreshLocked();
                } finally {
                    lock.writeLock().unlock();
                }
            }
            refreshFault = null;
        } catch (RuntimeException e) {
            if (refreshFault == null) {
                refreshFaultSince = java.time.Instant.now();
                LOG.warn("Kiln inventory: cannot check the store for other appliances' writes (will retry): {}", e.getMessage());
            }
            refreshFault = e.getMessage();
        }
    }

    /**
     * Re-reads the store if anyone else wrote to it since this state was read.
     *
     * @return true if the state was re-read
     */
    boolean refresh() {
        return exclusive(this::refreshLocked);
    }

    private boolean refreshLocked() {
        if (state == null) {
            loadFirst();
            return true;
        }
        long now = store.revision(KINDS);
        if (now == revision) return false;
        InventoryState next = load();
        LOG.info("Kiln inventory: re-read the store ({} write(s) by another appliance)", now - revision);
        revision = now;
        state = next;
        return true;
    }

    /**
     * The state a write starts from: re-read first if another appliance wrote since (one cheap query), so checks
     * run against what the database holds, not against what this appliance last saw.
     */
    private InventoryState current() {
        if (state == null) loadFirst(); // the store answers again: read it before anything is written
        // several appliances may share the database; the embedded one is this process's alone (a restore into it is
        // picked up by the periodic refresh)
        if (refreshEvery > 0 && store.shared()) {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.debug("Kiln inventory: revision check before a write failed: {}", e.getMessage());
            }
        }
        return state();
    }

    /** What the other bundles' checks say of the entities a write puts. */
    private List<Problem> checked(List<InventoryChange> changes) {
        List<Problem> out = new ArrayList<>();
        List<EntityCheck> cs = checks;
        if (cs.isEmpty()) return out;
        for (InventoryChange c : changes) {
            if (c.entity() == null) continue;
            for (EntityCheck check : cs) for (String m : check.problems(c.entity())) out.add(Problem.invalid(m));
        }
        return out;
    }

    /** For tests outside OSGi: the checks DS would inject. */
    void checks(List<EntityCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * What a write would break. Problems the state already had (two appliances writing at once can leave one, e.g.
     * a host naming a profile the other deleted) do not block unrelated writes; they are logged with each write
     * until fixed.
     */
    private static List<Problem> newProblems(InventoryState before, InventoryState after) {
        List<Problem> old = before.problems();
        List<Problem> found = after.problems();
        if (old.isEmpty()) return found;
        java.util.Set<Problem> known = new java.util.HashSet<>(old);
        List<Problem> fresh = new ArrayList<>();
        for (Problem p : found) if (!known.contains(p)) fresh.add(p);
        if (fresh.isEmpty()) LOG.warn("Kiln inventory: {} problem(s) left by concurrent writes, not caused by this write: {}", old.size(), old.get(0).message());
        return fresh;
    }

    /** After this appliance's own write of {@code writes} documents: no re-read needed if nobody else wrote meanwhile. */
    private void wrote(long before, int writes) {
        // each document written adds exactly one to the revision: no query (it summed every host's versions, once per
        // write). Had anyone else written meanwhile, the store's revision differs from this one and the next refresh
        // re-reads, as it did when the query showed it.
        if (before == revision) revision = before + writes;
    }

    static Path resolve(String f) {
        Path p = Path.of(f);
        return p.isAbsolute() ? p : Path.of(System.getProperty("karaf.data", "data")).resolve(p);
    }

    private static List<String> kinds() {
        List<String> out = new ArrayList<>();
        for (EntityKind k : EntityKind.values()) {
            out.add(k.singular());
            if (StatusSplit.hasStatus(k)) out.add(StatusSplit.statusKind(k));
        }
        return List.copyOf(out);
    }

    private InventoryState load() {
        Map<EntityKind, Map<String, Versioned<?>>> all = new EnumMap<>(EntityKind.class);
        Map<String, Long> statusVersions = new HashMap<>();
        Map<String, java.time.Instant> hostUpdated = new HashMap<>();
        for (EntityKind k : EntityKind.values()) {
            Map<String, Versioned<?>> m = new HashMap<>();
            for (Document d : store.list(k.singular())) {
                m.put(d.name(), new Versioned<>(read(k.singular(), k.type(), d), d.version()));
                if (k == EntityKind.HOST) hostUpdated.merge(d.name(), d.updated(), (a, b) -> a.isAfter(b) ? a : b);
            }
            if (StatusSplit.hasStatus(k)) {
                String kind = StatusSplit.statusKind(k);
                for (Document d : store.list(kind)) {
                    Versioned<?> spec = m.get(d.name());
                    if (spec == null) continue; // left by an interrupted delete of another appliance: its entity is gone
                    m.put(d.name(), new Versioned<>(StatusSplit.merge(spec.value(), read(kind, StatusSplit.statusType(k), d)), spec.version()));
                    statusVersions.put(k.singular() + "/" + d.name(), d.version());
                    if (k == EntityKind.HOST) hostUpdated.merge(d.name(), d.updated(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            all.put(k, m);
        }
        return InventoryState.of(all, statusVersions, hostUpdated);
    }

    private Object read(String kind, Class<?> type, Document d) {
        try {
            return json.readValue(d.json(), type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "stored " + kind + " '" + d.name() + "' cannot be read: "
                    + e.getMessage() + " (left untouched)", e);
        }
    }

    private String write(Object entity) {
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + entity, e);
        }
    }

    /** Earlier releases kept hosts and profiles in one JSON file: import it once into an empty store. */
    private void importLegacy(Path file) {
        if (!Files.exists(file) || !state().all(EntityKind.HOST).isEmpty() || !state().all(EntityKind.PROFILE).isEmpty()) return;
        InventoryFile.Content c = new InventoryFile(file).load();
        List<InventoryChange> changes = new ArrayList<>();
        for (BootProfile p : c.profiles()) changes.add(InventoryChange.put(p, MUST_NOT_EXIST));
        for (Host h : c.hosts()) changes.add(InventoryChange.put(h, MUST_NOT_EXIST));
        apply(changes);
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".imported"));
        } catch (java.io.IOException e) {
            LOG.warn("imported {} but could not rename it: {}", file, e.getMessage());
        }
        LOG.info("Kiln inventory: imported {} hosts and {} profiles from {}", c.hosts().size(), c.profiles().size(), file);
    }

    // ---- generic, versioned ----

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<Versioned<T>> list(Class<T> type) {
        List<Versioned<T>> out = new ArrayList<>();
        for (Versioned<?> v : state().all(EntityKind.of(type)).values()) out.add((Versioned<T>) v);
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<Versioned<T>> get(Class<T> type, String name) {
        return name == null ? Optional.empty() : Optional.ofNullable((Versioned<T>) state().get(EntityKind.of(type), name));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Versioned<T> save(T entity, long expectedVersion) {
        return exclusive(() -> saveLocked(entity, expectedVersion));
    }

    @SuppressWarnings("unchecked")
    private <T> Versioned<T> saveLocked(T entity, long expectedVersion) {
        EntityKind kind = EntityKind.of(entity.getClass());
        String name = kind.nameOf(entity);
        InventoryState s = current();
        Versioned<?> current = s.get(kind, name);
        if (expectedVersion == MUST_NOT_EXIST && current != null) throw KilnException.conflict(kind.singular() + " '" + name + "' already exists");
        if (expectedVersion > 0 && current == null) throw KilnException.notFound("no " + kind.singular() + " named '" + name + "'");
        if (expectedVersion > 0 && current.version() != expectedVersion) {
            throw KilnException.conflict(kind.singular() + " '" + name + "' was changed by someone else (version " + current.version()
                    + ", you had " + expectedVersion + "): reload and retry");
        }
        InventoryChange requested = new InventoryChange(kind, name, StatusSplit.keepStatus(entity, current == null ? null : current.value()),
                expectedVersion);
        Plan plan = plan(s, List.of(requested));
        List<Problem> problems = checked(List.of(requested));
        problems.addAll(newProblems(s, plan.next()));
        Problem.throwIfAny(problems);
        commit(s, plan);
        return (Versioned<T>) state().get(kind, name);
    }

    /** The requested changes with what they imply (ZtpPolicy), and the state they produce together. */
    private record Plan(List<InventoryChange> changes, InventoryState next) {
    }

    private static Plan plan(InventoryState s, List<InventoryChange> requested) {
        InventoryState after = ZtpPolicy.after(s, requested);
        List<InventoryChange> all = ZtpPolicy.complete(s, after, requested);
        // built again only when the policy added or changed something
        return new Plan(all, all.equals(requested) ? after : ZtpPolicy.after(s, all));
    }

    /**
     * Writes a plan in one transaction and publishes its state with the versions the store gave. Hosts and
     * instances are written as their parts ({@link StatusSplit}): the spec document when the spec changed, the status
     * document when the status changed.
     */
    private void commit(InventoryState s, Plan plan) {
        long before = revision;
        List<Change> batch = new ArrayList<>();
        List<String> putIds = new ArrayList<>(); // "kind/name" of each put, in order; status puts end in "#status"
        java.util.Set<String> statusGone = new java.util.HashSet<>();
        int deleted = 0;
        for (InventoryChange c : plan.changes()) {
            EntityKind k = c.kind();
            String id = k.singular() + "/" + c.name();
            Versioned<?> was = s.get(k, c.name());
            if (c.entity() == null) {
                batch.add(Change.delete(k.singular(), c.name(), c.expectedVersion()));
                if (was != null) deleted++;
                if (StatusSplit.hasStatus(k) && s.statusVersion(k, c.name()) > 0) {
                    batch.add(Change.delete(StatusSplit.statusKind(k), c.name(), DocumentStore.ANY_VERSION));
                    statusGone.add(id);
                    deleted++;
                }
                continue;
            }
            if (!StatusSplit.hasStatus(k)) {
                batch.add(Change.put(k.singular(), c.name(), c.expectedVersion(), write(c.entity()), InventoryRules.keys(c.entity())));
                putIds.add(id);
                continue;
            }
            Object spec = StatusSplit.spec(c.entity());
            Object status = StatusSplit.status(c.entity());
            boolean hasStatusDoc = s.statusVersion(k, c.name()) > 0;
            boolean specChanged = was == null || !spec.equals(StatusSplit.spec(was.value()));
            // a document written before the split holds its status: writing the spec alone would lose it
            boolean legacy = was != null && !hasStatusDoc && !StatusSplit.isInitial(StatusSplit.status(was.value()));
            if (specChanged || legacy) {
                batch.add(Change.put(k.singular(), c.name(), c.expectedVersion(), write(spec), InventoryRules.keys(spec)));
                putIds.add(id);
            }
            Object statusWas = was == null ? null : StatusSplit.status(was.value());
            boolean statusChanged = was == null ? !StatusSplit.isInitial(status) : !status.equals(statusWas);
            if (statusChanged || (legacy && !hasStatusDoc)) {
                batch.add(Change.put(StatusSplit.statusKind(k), c.name(), DocumentStore.ANY_VERSION, write(status), Map.of()));
                putIds.add(id + "#status");
            }
        }
        List<Document> stored = batch.isEmpty() ? List.of() : store.apply(batch);
        Map<String, Long> specVersions = new HashMap<>(), statusVersions = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            String id = putIds.get(i);
            if (id.endsWith("#status")) statusVersions.put(id.substring(0, id.length() - 7), stored.get(i).version());
            else specVersions.put(id, stored.get(i).version());
        }
        state = plan.next().withVersions(s, specVersions, statusVersions, statusGone);
        wrote(before, stored.size() + deleted);
    }

    @Override
    public void delete(Class<?> type, String name, long expectedVersion) {
        exclusive(() -> deleteLocked(type, name, expectedVersion));
    }

    private void deleteLocked(Class<?> type, String name, long expectedVersion) {
        EntityKind kind = EntityKind.of(type);
        InventoryState s = current();
        Versioned<?> current = s.get(kind, name);
        if (current == null) {
            if (expectedVersion == ANY_VERSION) return;
            throw KilnException.notFound("no " + kind.singular() + " named '" + name + "'");
        }
        List<String> users = InventoryRules.usages(s, kind, name);
        if (!users.isEmpty()) throw KilnException.conflict(InventoryRules.usedBy(kind, name, users));
        commit(s, plan(s, List.of(InventoryChange.delete(kind, name, expectedVersion))));
    }

    @Override
    public void apply(List<InventoryChange> given) {
        exclusive(() -> {
            InventoryState s = current();
            Checked c = check(s, given);
            Problem.throwIfAny(c.problems());
            commit(s, c.plan());
        });
    }

    @Override
    public List<String> check(List<InventoryChange> changes) {
        return exclusive(() -> check(current(), changes).problems().stream().map(Problem::message).toList());
    }

    /** A batch's plan and every problem that refuses it. */
    private record Checked(Plan plan, List<Problem> problems) {
    }

    /** What {@link #apply} checks: the whole batch against the state it produces, every problem at once. */
    private Checked check(InventoryState s, List<InventoryChange> given) {
        List<InventoryChange> changes = new ArrayList<>(given.size());
        for (InventoryChange c : given) { // spec writes: the stored status stays
            if (c.entity() == null || !StatusSplit.hasStatus(c.kind())) {
                changes.add(c);
            } else {
                Versioned<?> was = s.get(c.kind(), c.name());
                changes.add(new InventoryChange(c.kind(), c.name(), StatusSplit.keepStatus(c.entity(), was == null ? null : was.value()),
                        c.expectedVersion()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<InventoryChange> deletes = new ArrayList<>();
        for (InventoryChange c : changes) {
            String id = c.kind().singular() + "/" + c.name();
            if (!seen.add(id)) problems.add(Problem.invalid(id + " appears twice in one apply"));
            if (c.entity() == null) deletes.add(c);
        }
        // the state the whole batch produces, built with one copy (a copy per change made a large batch quadratic)
        Plan plan = plan(s, changes);
        InventoryState next = plan.next();
        // a deleted entity is still in use only if a user survives the whole batch
        for (InventoryChange c : deletes) {
            List<String> users = InventoryRules.usages(next, c.kind(), c.name());
            if (!users.isEmpty()) problems.add(Problem.conflict(InventoryRules.usedBy(c.kind(), c.name(), users)));
        }
        problems.addAll(checked(changes));
        problems.addAll(newProblems(s, next));
        return new Checked(plan, problems);
    }

    @Override
    public Optional<Versioned<HostStatus>> hostStatus(String host) {
        InventoryState s = state();
        Host h = host == null ? null : s.host(host);
        return h == null ? Optional.empty() : Optional.of(new Versioned<>(h.status(), s.statusVersion(EntityKind.HOST, host)));
    }

    @Override
    public Optional<Versioned<InstanceStatus>> instanceStatus(String host) {
        InventoryState s = state();
        Instance i = host == null ? null : s.instance(host);
        return i == null ? Optional.empty() : Optional.of(new Versioned<>(i.status(), s.statusVersion(EntityKind.INSTANCE, host)));
    }

    @Override
    public Versioned<HostStatus> saveStatus(HostStatus status, long expectedVersion) {
        return saveStatus(status, expectedVersion, false);
    }

    @Override
    public Versioned<HostStatus> saveStatusByHand(HostStatus status, long expectedVersion) {
        return saveStatus(status, expectedVersion, true);
    }

    /** @param byHand an operator's write: the current state changes only as {@link ManualTransitions} allows, checked in the write */
    private Versioned<HostStatus> saveStatus(HostStatus status, long expectedVersion, boolean byHand) {
        String name = status.host();
        return statusWrite(name, s -> {
            Versioned<?> v = s.get(EntityKind.HOST, name);
            if (v == null) throw KilnException.notFound("no host named '" + name + "'");
            checkStatusVersion(s, EntityKind.HOST, name, expectedVersion);
            if (byHand) ManualTransitions.check(name, ((Host) v.value()).currentState(), status.currentState());
            Host h = ((Host) v.value()).withStatus(status);
            List<Object> written = new ArrayList<>(List.of(h));
            // ZtpPolicy's one implication of a status write: the write that onboards a host starts its waiting instance
            Instance i = s.instance(name);
            Instance gated = i == null ? null : ZtpPolicy.gated(i, h);
            if (gated != i) written.add(gated);
            return writeStatuses(s, written) ? hostStatus(name).orElseThrow() : null;
        }, () -> {
            // a host stored before the split (its status in its spec document): the full write moves the status out
            InventoryState s = current();
            Versioned<?> v = s.get(EntityKind.HOST, name);
            if (v == null) throw KilnException.notFound("no host named '" + name + "'");
            checkStatusVersion(s, EntityKind.HOST, name, expectedVersion);
            if (byHand) ManualTransitions.check(name, ((Host) v.value()).currentState(), status.currentState());
            commit(s, plan(s, List.of(InventoryChange.put(((Host) v.value()).withStatus(status), v.version()))));
            return hostStatus(name).orElseThrow();
        });
    }

    @Override
    public Versioned<InstanceStatus> saveStatus(InstanceStatus status, long expectedVersion) {
        String name = status.host();
        return statusWrite(name, s -> {
            Versioned<?> v = s.get(EntityKind.INSTANCE, name);
            if (v == null) throw KilnException.notFound("host '" + name + "' has no instance");
            checkStatusVersion(s, EntityKind.INSTANCE, name, expectedVersion);
            // not through the policy: what the workflow observes is written as it is
            return writeStatuses(s, List.of(((Instance) v.value()).withStatus(status)))
                    ? instanceStatus(name).orElseThrow() : null;
        }, () -> {
            InventoryState s = current();
            Versioned<?> v = s.get(EntityKind.INSTANCE, name);
            if (v == null) throw KilnException.notFound("host '" + name + "' has no instance");
            checkStatusVersion(s, EntityKind.INSTANCE, name, expectedVersion);
            List<InventoryChange> put = List.of(InventoryChange.put(((Instance) v.value()).withStatus(status), v.version()));
            commit(s, new Plan(put, ZtpPolicy.after(s, put)));
            return instanceStatus(name).orElseThrow();
        });
    }

    /**
     * Runs a status write of the host {@code name}'s statuses. On the embedded store: beside other hosts' status
     * writes (read lock and the name's stripe), from the published state. On a shared store: alone, after the
     * revision check, as every write there. {@code fast} answers null when the entity needs the full write
     * ({@code full}, alone), which is only so for a document stored before the status split.
     */
    private <T> T statusWrite(String name, java.util.function.Function<InventoryState, T> fast, java.util.function.Supplier<T> full) {
        if (state == null) loadFirst(); // the store answers again: read it before anything is written
        if (store.shared()) {
            return exclusive(() -> {
                T done = fast.apply(current());
                return done != null ? done : full.get();
            });
        }
        T done;
        lock.readLock().lock();
        try {
            synchronized (stripes[Math.floorMod(name.hashCode(), stripes.length)]) {
                done = fast.apply(state());
            }
        } finally {
            lock.readLock().unlock();
        }
        return done != null ? done : exclusive(full);
    }

    /**
     * Writes the status documents of hosts and instances (each the whole entity with its new status; their specs
     * are unchanged) in one transaction and publishes them, each over the newest state: other hosts' status writes
     * may have published meanwhile. False, writing nothing, if one of them still holds its status in its spec
     * document (stored before the split): only the full write moves it.
     */
    private boolean writeStatuses(InventoryState s, List<Object> entities) {
        long before = revision;
        List<Change> batch = new ArrayList<>();
        List<Object> changed = new ArrayList<>();
        for (Object e : entities) {
            EntityKind k = EntityKind.of(e.getClass());
            String name = k.nameOf(e);
            Object was = s.get(k, name).value();
            if (s.statusVersion(k, name) == 0 && !StatusSplit.isInitial(StatusSplit.status(was))) return false;
            Object status = StatusSplit.status(e);
            if (status.equals(StatusSplit.status(was))) continue;
            batch.add(Change.put(StatusSplit.statusKind(k), name, DocumentStore.ANY_VERSION, write(status), Map.of()));
            changed.add(e);
        }
        if (batch.isEmpty()) return true;
        List<Document> stored = store.apply(batch);
        synchronized (publish) {
            InventoryState next = state();
            for (int i = 0; i < changed.size(); i++) {
                Object e = changed.get(i);
                EntityKind k = EntityKind.of(e.getClass());
                String name = k.nameOf(e);
                // the spec version: no spec write runs beside a status write
                next = next.withStatus(k, name, new Versioned<>(e, s.get(k, name).version()), stored.get(i).version());
            }
            state = next;
            // the embedded store is this process's alone: its revision moved by exactly these documents, whatever
            // other status writes published between this one's read and now
            if (store.shared()) wrote(before, stored.size());
            else revision += stored.size();
        }
        return true;
    }

    /** Runs {@code body} alone: no other write, load or re-read beside it. */
    private <T> T exclusive(java.util.function.Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void exclusive(Runnable body) {
        exclusive(() -> {
            body.run();
            return null;
        });
    }

    private static void checkStatusVersion(InventoryState s, EntityKind kind, String name, long expected) {
        long have = s.statusVersion(kind, name);
        if (expected != ANY_VERSION && expected != have) {
            throw KilnException.conflict("the status of " + kind.singular() + " '" + name + "' was changed meanwhile (status version "
                    + have + ", you had " + expected + "): reload and retry");
        }
    }

    @Override
    public List<ResolvedVariable> variables(String host) {
        InventoryState s = state();
        Host h = s.host(host);
        if (h == null) throw KilnException.notFound("no host named '" + host + "'");
        return s.context(h, global).variables();
    }

    @Override
    public Optional<HostContext> context(String host) {
        InventoryState s = state();
        Host h = host == null ? null : s.host(host);
        return h == null ? Optional.empty() : Optional.of(s.context(h, global));
    }

    @Override
    public Optional<HostMatch> identify(String mac, String uuid, String serial) {
        InventoryState s = state();
        if (mac != null) {
            Host h = s.hostByMac(mac);
            String canonical = mac;
            if (h == null) {
                try {
                    canonical = MacAddress.canonical(mac);
                    h = s.hostByMac(canonical);
                } catch (KilnException e) {
                    // not a MAC: identifies nobody
                }
            }
            if (h != null) return Optional.of(new HostMatch(h, HostMatch.Key.MAC, canonical));
        }
        if (uuid != null) {
            String u = uuid.toLowerCase(Locale.ROOT);
            Host h = s.hostByUuid(u);
            if (h != null) return Optional.of(new HostMatch(h, HostMatch.Key.UUID, u));
        }
        if (serial != null && !serial.isBlank()) {
            List<Host> hits = s.hostsBySerial(serial);
            if (hits.size() > 1) {
                LOG.warn("serial '{}' belongs to {} hosts ({}): not used to identify a machine", serial.trim(), hits.size(),
                        hits.stream().map(Host::name).toList());
            }
            if (hits.size() == 1) return Optional.of(new HostMatch(hits.get(0), HostMatch.Key.SERIAL, serial.trim()));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instance> ztpInstance(String host) {
        InventoryState s = state();
        Host h = host == null ? null : s.host(host);
        return h == null ? Optional.empty() : Optional.ofNullable(ZtpPolicy.implied(h, s));
    }

    // ---- the boot slice's typed methods ----

    @Override
    public List<Host> hosts() {
        return state().values(EntityKind.HOST);
    }

    @Override
    public HostPage findHosts(HostQuery query) {
        InventoryState s = state();
        java.util.Set<String> members = new java.util.HashSet<>();
        for (String c : query.clusters()) {
            Versioned<?> v = s.get(EntityKind.CLUSTER, c);
            if (v != null) ((Cluster) v.value()).members().forEach(m -> members.add(m.host()));
        }
        return s.hostViews().find(query, members);
    }

    @Override
    public Optional<Host> host(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(state().host(name));
    }

    @Override
    public Optional<Host> hostByMac(String mac) {
        return mac == null ? Optional.empty() : identify(mac, null, null).map(HostMatch::host);
    }

    @Override
    public Optional<Host> hostByUuid(String uuid) {
        return uuid == null ? Optional.empty() : identify(null, uuid, null).map(HostMatch::host);
    }

    @Override
    public Host addHost(Host host) {
        return save(host, MUST_NOT_EXIST).value();
    }

    @Override
    public Host updateHost(Host host) {
        if (current().host(host.name()) == null) throw KilnException.notFound("no host named '" + host.name() + "'");
        return save(host, ANY_VERSION).value();
    }

    @Override
    public Host removeHost(String name) {
        Host h = Optional.ofNullable(name == null ? null : current().host(name)).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        delete(Host.class, name, ANY_VERSION);
        return h;
    }

    @Override
    public List<BootProfile> profiles() {
        return state().values(EntityKind.PROFILE);
    }

    @Override
    public Optional<BootProfile> profile(String name) {
        return Optional.ofNullable(state().profile(name));
    }

    @Override
    public BootProfile addProfile(BootProfile profile) {
        return save(profile, MUST_NOT_EXIST).value();
    }

    @Override
    public BootProfile updateProfile(BootProfile profile) {
        if (current().profile(profile.name()) == null) throw KilnException.notFound("no profile named '" + profile.name() + "'");
        return save(profile, ANY_VERSION).value();
    }

    @Override
    public BootProfile removeProfile(String name) {
        BootProfile p = Optional.ofNullable(current().profile(name)).orElseThrow(() -> KilnException.notFound("no profile named '" + name + "'"));
        delete(BootProfile.class, name, ANY_VERSION);
        return p;
    }
}
