package io.kiln.inventory.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.EntityCheck;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
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
@Component(service = Inventory.class, configurationPid = "io.kiln.inventory")
public class InventoryServiceImpl implements Inventory {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryServiceImpl.class);

    private final DocumentStore store;
    private final Map<String, String> global;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private volatile InventoryState state;
    /** The store revision {@link #state} reflects; guarded by this. */
    private long revision;
    private final ScheduledExecutorService refresher;
    /** Other bundles' checks (EntityCheck services), consulted on every write; they may come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = EntityCheck.class)
    private volatile List<EntityCheck> checks = List.of();

    @Activate
    public InventoryServiceImpl(@Reference DocumentStore store, Map<String, Object> config) {
        this.store = store;
        Map<String, String> g = new TreeMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith("global.") && k.length() > 7) g.put(k.substring(7), String.valueOf(v));
        });
        this.global = Map.copyOf(g);
        this.revision = store.revision();
        this.state = load();
        Object legacy = config.getOrDefault("legacyFile", config.getOrDefault("file", "kiln/inventory.json"));
        importLegacy(resolve(String.valueOf(legacy)));
        LOG.info("Kiln inventory: {} hosts, {} profiles, {} sites, {} roles, {} clusters in {}", state.all(EntityKind.HOST).size(),
                state.all(EntityKind.PROFILE).size(), state.all(EntityKind.SITE).size(), state.all(EntityKind.ROLE).size(),
                state.all(EntityKind.CLUSTER).size(), store.describe());
        long every = refreshSeconds(config.get("refreshSeconds"));
        if (every > 0) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kiln-inventory-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.SECONDS);
        } else {
            refresher = null;
        }
    }

    static long refreshSeconds(Object value) {
        if (value == null) return 5;
        try {
            long v = Long.parseLong(String.valueOf(value).trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        LOG.warn("io.kiln.inventory refreshSeconds = '{}' is not a number of seconds >= 0; using 5", value);
        return 5;
    }

    @Deactivate
    public void close() {
        if (refresher != null) refresher.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Kiln inventory: cannot check the store for other appliances' writes (will retry): {}", e.getMessage());
        }
    }

    /**
     * Re-reads the store if anyone else wrote to it since this state was read.
     *
     * @return true if the state was re-read
     */
    synchronized boolean refresh() {
        long now = store.revision();
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
        if (refresher != null) { // several appliances may share the database
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.debug("Kiln inventory: revision check before a write failed: {}", e.getMessage());
            }
        }
        return state;
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
        try {
            long now = store.revision();
            if (before == revision && now == before + writes) revision = now;
        } catch (RuntimeException e) {
            // the next refresh re-reads: safe either way
        }
    }

    static Path resolve(String f) {
        Path p = Path.of(f);
        return p.isAbsolute() ? p : Path.of(System.getProperty("karaf.data", "data")).resolve(p);
    }

    private InventoryState load() {
        Map<EntityKind, Map<String, Versioned<?>>> all = new EnumMap<>(EntityKind.class);
        for (EntityKind k : EntityKind.values()) {
            Map<String, Versioned<?>> m = new HashMap<>();
            for (Document d : store.list(k.singular())) m.put(d.name(), new Versioned<>(read(k, d), d.version()));
            all.put(k, m);
        }
        return InventoryState.of(all);
    }

    private Object read(EntityKind k, Document d) {
        try {
            return json.readValue(d.json(), k.type());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "stored " + k.singular() + " '" + d.name() + "' cannot be read: "
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
        if (!Files.exists(file) || !state.all(EntityKind.HOST).isEmpty() || !state.all(EntityKind.PROFILE).isEmpty()) return;
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
        for (Versioned<?> v : state.all(EntityKind.of(type)).values()) out.add((Versioned<T>) v);
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<Versioned<T>> get(Class<T> type, String name) {
        return name == null ? Optional.empty() : Optional.ofNullable((Versioned<T>) state.get(EntityKind.of(type), name));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> Versioned<T> save(T entity, long expectedVersion) {
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
        InventoryChange requested = new InventoryChange(kind, name, entity, expectedVersion);
        Plan plan = plan(s, List.of(requested));
        List<Problem> problems = checked(List.of(requested));
        problems.addAll(newProblems(s, plan.next()));
        Problem.throwIfAny(problems);
        commit(s, plan);
        return (Versioned<T>) state.get(kind, name);
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

    /** Writes a plan in one transaction and publishes its state with the versions the store gave. */
    private void commit(InventoryState s, Plan plan) {
        long before = revision;
        List<Document> stored = store.apply(toStore(plan.changes()));
        List<Long> versions = stored.stream().map(Document::version).toList();
        state = plan.next().withVersions(plan.changes(), versions);
        int deleted = (int) plan.changes().stream().filter(c -> c.entity() == null && s.get(c.kind(), c.name()) != null).count();
        wrote(before, stored.size() + deleted);
    }

    private List<Change> toStore(List<InventoryChange> changes) {
        List<Change> batch = new ArrayList<>();
        for (InventoryChange c : changes) {
            batch.add(c.entity() == null ? Change.delete(c.kind().singular(), c.name(), c.expectedVersion())
                    : Change.put(c.kind().singular(), c.name(), c.expectedVersion(), write(c.entity()), InventoryRules.keys(c.entity())));
        }
        return batch;
    }

    @Override
    public synchronized void delete(Class<?> type, String name, long expectedVersion) {
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
    public synchronized void apply(List<InventoryChange> changes) {
        InventoryState s = current();
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
        Problem.throwIfAny(problems);
        commit(s, plan);
    }

    @Override
    public List<ResolvedVariable> variables(String host) {
        InventoryState s = state;
        Host h = s.host(host);
        if (h == null) throw KilnException.notFound("no host named '" + host + "'");
        return VariableResolver.resolve(h, s.clusterOf(host), s.role(h.role()), s.site(h.site()), global);
    }

    @Override
    public Optional<Instance> ztpInstance(String host) {
        InventoryState s = state;
        Host h = host == null ? null : s.host(host);
        return h == null ? Optional.empty() : Optional.ofNullable(ZtpPolicy.implied(h, s));
    }

    // ---- the boot slice's typed methods ----

    @Override
    public List<Host> hosts() {
        return state.values(EntityKind.HOST);
    }

    @Override
    public Optional<Host> host(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(state.host(name));
    }

    @Override
    public Optional<Host> hostByMac(String mac) {
        if (mac == null) return Optional.empty();
        InventoryState s = state;
        Host h = s.hostByMac(mac);
        if (h != null) return Optional.of(h);
        try {
            return Optional.ofNullable(s.hostByMac(MacAddress.canonical(mac)));
        } catch (KilnException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Host> hostByUuid(String uuid) {
        return uuid == null ? Optional.empty() : Optional.ofNullable(state.hostByUuid(uuid.toLowerCase(Locale.ROOT)));
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
        return state.values(EntityKind.PROFILE);
    }

    @Override
    public Optional<BootProfile> profile(String name) {
        return Optional.ofNullable(state.profile(name));
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
