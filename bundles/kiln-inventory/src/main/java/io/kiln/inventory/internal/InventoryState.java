package io.kiln.inventory.internal;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.Versioned;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable view of the whole inventory with versions and the boot path's indexes (MAC, UUID). Readers use
 * the current instance without locks; a write builds the next one, checks it, persists, then publishes it.
 *
 * <p>A status write (a host onboarding, an instance provisioning: three per node while a fleet provisions) changes
 * no index, no rule's verdict and no spec version. It is not rebuilt from scratch: {@link #withStatus} lays the one
 * entity over the sorted maps of the state it starts from, and only after {@link #overlayLimit} such writes are the
 * layers merged into new sorted maps. A status write thus costs O(layer) and O(N) once every sqrt(N) writes, not the
 * O(N log N) rebuild (sorted copies of every map, every index) a spec write costs.
 */
final class InventoryState {
    /** The sorted maps by kind, without the entities laid over them ({@link #recent}). */
    private final Map<EntityKind, Map<String, Versioned<?>>> byKind;
    /** Host and instance entities whose status was written since the sorted maps were built; they win over them. */
    private final Map<EntityKind, Map<String, Versioned<?>>> recent;
    /** Versions of the status documents ({@link StatusSplit}) by "kind/name"; absent: none written yet (0). */
    private final Map<String, Long> statusVersions;
    /** Status versions written since {@link #statusVersions} was built; they win over it. */
    private final Map<String, Long> recentStatus;
    /** When each host's spec or status was last written (as read from the store, then as this appliance wrote). */
    private final Map<String, java.time.Instant> hostUpdated;
    /** Hosts whose status was written since {@link #hostUpdated} was built; they win over it. */
    private final Map<String, java.time.Instant> recentUpdated;
    /** The hosts' sorted views for queries, built on the first query of this state. */
    private volatile HostViews hostViews;
    /** The state before the write that made this one, while its views can be carried over (cleared once used). */
    private volatile InventoryState basis;
    /** How many entities {@link #recent} holds. */
    private final int layered;
    /** The identity indexes, by host name: a status write leaves them as they are. */
    private final Indexes indexes;
    /** {@link #all} with the layers merged, per kind, built when first asked for. */
    private final Map<EntityKind, Map<String, Versioned<?>>> merged = new ConcurrentHashMap<>();
    /** Host contexts asked for in this state; the state never changes, so neither do they. */
    private final Map<String, HostContext> contexts = new ConcurrentHashMap<>();
    private volatile List<Problem> problems;

    /** A host's cluster and its role there. */
    record Membership(Cluster cluster, ClusterRole role) {
    }

    /** Host names by MAC, UUID and serial, and cluster membership by host name. */
    private record Indexes(Map<String, String> byMac, Map<String, String> byUuid, Map<String, List<String>> bySerial,
                           Map<String, Membership> membership) {
        static Indexes of(Map<EntityKind, Map<String, Versioned<?>>> byKind) {
            Map<String, String> mac = new HashMap<>(), uuid = new HashMap<>();
            Map<String, List<String>> serial = new HashMap<>();
            for (Versioned<?> v : byKind.get(EntityKind.HOST).values()) {
                Host h = (Host) v.value();
                for (String m : h.macs()) mac.putIfAbsent(m, h.name());
                if (h.uuid() != null) uuid.putIfAbsent(h.uuid(), h.name());
                if (h.serial() != null) serial.computeIfAbsent(serialKey(h.serial()), k -> new ArrayList<>()).add(h.name());
            }
            Map<String, Membership> members = new HashMap<>();
            for (Versioned<?> v : byKind.get(EntityKind.CLUSTER).values()) {
                Cluster c = (Cluster) v.value();
                for (ClusterMember m : c.members()) members.putIfAbsent(m.host(), new Membership(c, m.role()));
            }
            return new Indexes(Map.copyOf(mac), Map.copyOf(uuid), Map.copyOf(serial), Map.copyOf(members));
        }
    }

    private InventoryState(Map<EntityKind, Map<String, Versioned<?>>> byKind, Map<String, Long> statusVersions,
                           Map<String, java.time.Instant> hostUpdated) {
        this(byKind, Map.of(), statusVersions, Map.of(), hostUpdated, Map.of(), 0, Indexes.of(byKind));
    }

    private InventoryState(Map<EntityKind, Map<String, Versioned<?>>> byKind, Map<EntityKind, Map<String, Versioned<?>>> recent,
                           Map<String, Long> statusVersions, Map<String, Long> recentStatus, Map<String, java.time.Instant> hostUpdated,
                           Map<String, java.time.Instant> recentUpdated, int layered, Indexes indexes) {
        this.byKind = byKind;
        this.recent = recent;
        this.statusVersions = statusVersions;
        this.recentStatus = recentStatus;
        this.hostUpdated = hostUpdated;
        this.recentUpdated = recentUpdated;
        this.layered = layered;
        this.indexes = indexes;
    }

    static InventoryState empty() {
        return of(new EnumMap<>(EntityKind.class));
    }

    static InventoryState of(Map<EntityKind, Map<String, Versioned<?>>> entries) {
        return of(entries, Map.of());
    }

    static InventoryState of(Map<EntityKind, Map<String, Versioned<?>>> entries, Map<String, Long> statusVersions) {
        return of(entries, statusVersions, Map.of());
    }

    static InventoryState of(Map<EntityKind, Map<String, Versioned<?>>> entries, Map<String, Long> statusVersions,
                             Map<String, java.time.Instant> hostUpdated) {
        Map<EntityKind, Map<String, Versioned<?>>> copy = new EnumMap<>(EntityKind.class);
        for (EntityKind k : EntityKind.values()) {
            copy.put(k, java.util.Collections.unmodifiableMap(new TreeMap<>(entries.getOrDefault(k, Map.of()))));
        }
        // every caller hands over a map of its own: wrapped, not copied (a write already pays O(N) copies)
        return new InventoryState(copy, Map.copyOf(statusVersions), java.util.Collections.unmodifiableMap(hostUpdated));
    }

    /** How many status writes are laid over the sorted maps before they are merged: sqrt(N), at least 64. */
    private int overlayLimit() {
        return Math.max(64, (int) Math.sqrt(byKind.get(EntityKind.HOST).size() + byKind.get(EntityKind.INSTANCE).size()));
    }

    /**
     * This state with one host's or instance's status written: {@code entity} is the whole entity with its new
     * status and its unchanged spec version, {@code statusVersion} the version the store gave the status document.
     * Indexes, the rules' verdict and every other entity are shared with this state.
     */
    InventoryState withStatus(EntityKind kind, String name, Versioned<?> entity, long statusVersion) {
        if (!StatusSplit.hasStatus(kind)) throw new IllegalArgumentException(kind + " has no status");
        String id = kind.singular() + "/" + name;
        InventoryState next;
        if (layered + 1 > overlayLimit()) { // merge the layers: new sorted maps (the indexes hold names: still valid)
            Map<EntityKind, Map<String, Versioned<?>>> base = new EnumMap<>(byKind);
            for (EntityKind k : EntityKind.values()) {
                Map<String, Versioned<?>> r = recent.get(k);
                if (r == null && k != kind) continue;
                TreeMap<String, Versioned<?>> m = new TreeMap<>(byKind.get(k)); // from a sorted map: linear
                if (r != null) m.putAll(r);
                if (k == kind) m.put(name, entity);
                base.put(k, java.util.Collections.unmodifiableMap(m));
            }
            Map<String, Long> status = new HashMap<>(statusVersions);
            status.putAll(recentStatus);
            status.put(id, statusVersion);
            Map<String, java.time.Instant> updated = new HashMap<>(hostUpdated);
            updated.putAll(recentUpdated);
            if (kind == EntityKind.HOST) updated.put(name, java.time.Instant.now());
            next = new InventoryState(base, Map.of(), Map.copyOf(status), Map.of(), java.util.Collections.unmodifiableMap(updated), Map.of(), 0,
                    indexes);
        } else {
            Map<EntityKind, Map<String, Versioned<?>>> layers = new EnumMap<>(EntityKind.class);
            layers.putAll(recent);
            Map<String, Versioned<?>> r = new HashMap<>(recent.getOrDefault(kind, Map.of()));
            boolean added = r.put(name, entity) == null;
            layers.put(kind, r);
            Map<String, Long> status = new HashMap<>(recentStatus);
            status.put(id, statusVersion);
            Map<String, java.time.Instant> updated = recentUpdated;
            if (kind == EntityKind.HOST) {
                updated = new HashMap<>(recentUpdated);
                updated.put(name, java.time.Instant.now());
            }
            next = new InventoryState(byKind, layers, statusVersions, status, hostUpdated, updated, added ? layered + 1 : layered, indexes);
        }
        next.problems = problems; // statuses are not the rules' business: same verdict
        if (hostViews != null) next.basis = this; // its views carry over, changed for the one host
        return next;
    }

    /** The version of an entity's status document: 0 while none was written. */
    long statusVersion(EntityKind kind, String name) {
        String id = kind.singular() + "/" + name;
        Long v = recentStatus.get(id);
        return v != null ? v : statusVersions.getOrDefault(id, 0L);
    }

    /** When each host was last written, by name. */
    Map<String, java.time.Instant> hostUpdated() {
        if (recentUpdated.isEmpty()) return hostUpdated;
        Map<String, java.time.Instant> all = new HashMap<>(hostUpdated);
        all.putAll(recentUpdated);
        return all;
    }

    /** Every status document's version by "kind/name". */
    Map<String, Long> statusVersions() {
        if (recentStatus.isEmpty()) return statusVersions;
        Map<String, Long> all = new HashMap<>(statusVersions);
        all.putAll(recentStatus);
        return all;
    }

    /**
     * This state with the versions a write gave its documents: spec versions by entity (those not written keep the
     * version they had in {@code before}), status versions by "kind/name"; the rules' verdict on it carries over,
     * the values being the same.
     */
    InventoryState withVersions(InventoryState before, Map<String, Long> specVersions, Map<String, Long> writtenStatus,
                                java.util.Set<String> deletedStatus) {
        Map<EntityKind, Map<String, Versioned<?>>> next = new EnumMap<>(EntityKind.class);
        for (EntityKind k : EntityKind.values()) {
            Map<String, Versioned<?>> m = all(k);
            Map<String, Versioned<?>> out = null;
            for (Map.Entry<String, Versioned<?>> e : m.entrySet()) {
                Versioned<?> was = before.get(k, e.getKey());
                Long written = specVersions.get(k.singular() + "/" + e.getKey());
                long version = written != null ? written : was != null ? was.version() : e.getValue().version();
                if (version != e.getValue().version()) {
                    if (out == null) out = new HashMap<>(m);
                    out.put(e.getKey(), new Versioned<>(e.getValue().value(), version));
                }
            }
            next.put(k, out == null ? m : out);
        }
        Map<String, Long> status = new HashMap<>(before.statusVersions());
        status.putAll(writtenStatus);
        deletedStatus.forEach(status::remove);
        Map<String, java.time.Instant> updated = new HashMap<>(before.hostUpdated());
        java.time.Instant now = java.time.Instant.now();
        String hostPrefix = EntityKind.HOST.singular() + "/";
        for (String id : specVersions.keySet()) if (id.startsWith(hostPrefix)) updated.put(id.substring(hostPrefix.length()), now);
        for (String id : writtenStatus.keySet()) if (id.startsWith(hostPrefix)) updated.put(id.substring(hostPrefix.length()), now);
        if (updated.size() > next.get(EntityKind.HOST).size()) updated.keySet().retainAll(next.get(EntityKind.HOST).keySet()); // hosts deleted
        InventoryState result = of(next, status, updated);
        result.problems = problems;
        // only a state with views is kept as a basis, so no chain of old states builds up
        if (before.hostViews != null) result.basis = before;
        return result;
    }

    /** Whatever breaks the inventory's rules in this state (normally nothing), computed once. */
    List<Problem> problems() {
        List<Problem> p = problems;
        if (p == null) {
            p = List.copyOf(InventoryRules.problems(this));
            problems = p;
        }
        return p;
    }

    /** The hosts' sorted views, built on the first query of this state (from the last state's, when few hosts changed). */
    HostViews hostViews() {
        HostViews v = hostViews;
        if (v == null) {
            InventoryState b = basis;
            Map<String, Versioned<?>> hosts = all(EntityKind.HOST);
            java.util.Set<String> changed = b == null ? null : changedHosts(b.all(EntityKind.HOST), hosts);
            if (changed != null && changed.size() <= Math.max(16, hosts.size() / 20)) {
                Map<String, Host> now = new HashMap<>();
                for (String name : changed) if (hosts.get(name) != null) now.put(name, (Host) hosts.get(name).value());
                v = b.hostViews.with(changed, now, hostUpdated());
            } else {
                v = new HostViews(values(EntityKind.HOST), hostUpdated());
            }
            hostViews = v;
            basis = null;
        }
        return v;
    }

    /** The hosts added, removed or changed (another record: a write makes new ones, others are shared). */
    private static java.util.Set<String> changedHosts(Map<String, Versioned<?>> before, Map<String, Versioned<?>> after) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Map.Entry<String, Versioned<?>> e : after.entrySet()) {
            Versioned<?> was = before.get(e.getKey());
            if (was == null || was.value() != e.getValue().value()) out.add(e.getKey());
        }
        for (String name : before.keySet()) if (!after.containsKey(name)) out.add(name);
        return out;
    }

    Versioned<?> get(EntityKind kind, String name) {
        Map<String, Versioned<?>> r = recent.get(kind);
        if (r != null) {
            Versioned<?> v = r.get(name);
            if (v != null) return v;
        }
        return byKind.get(kind).get(name);
    }

    /** A kind's entities by name, in name order. */
    Map<String, Versioned<?>> all(EntityKind kind) {
        Map<String, Versioned<?>> r = recent.get(kind);
        if (r == null) return byKind.get(kind);
        return merged.computeIfAbsent(kind, k -> {
            TreeMap<String, Versioned<?>> m = new TreeMap<>(byKind.get(k));
            m.putAll(r);
            return java.util.Collections.unmodifiableMap(m);
        });
    }

    @SuppressWarnings("unchecked")
    <T> List<T> values(EntityKind kind) {
        List<T> out = new ArrayList<>();
        for (Versioned<?> v : all(kind).values()) out.add((T) v.value());
        return out;
    }

    /**
     * A kind's entities, those already stored first (version &gt; 0), then those a write is adding or changing
     * (version 0 in a planned state), each part by name: rules that find a clash between two entities then report
     * it at the one being written, naming the one that was there.
     */
    @SuppressWarnings("unchecked")
    <T> List<T> storedFirst(EntityKind kind) {
        List<T> stored = new ArrayList<>(), written = new ArrayList<>();
        for (Versioned<?> v : all(kind).values()) (v.version() > 0 ? stored : written).add((T) v.value());
        stored.addAll(written);
        return stored;
    }

    Host hostByMac(String mac) {
        String name = indexes.byMac().get(mac);
        return name == null ? null : host(name);
    }

    Host hostByUuid(String uuid) {
        String name = indexes.byUuid().get(uuid);
        return name == null ? null : host(name);
    }

    Host host(String name) {
        Versioned<?> v = get(EntityKind.HOST, name);
        return v == null ? null : (Host) v.value();
    }

    Site site(String name) {
        Versioned<?> v = name == null ? null : get(EntityKind.SITE, name);
        return v == null ? null : (Site) v.value();
    }

    Role role(String name) {
        Versioned<?> v = name == null ? null : get(EntityKind.ROLE, name);
        return v == null ? null : (Role) v.value();
    }

    BootProfile profile(String name) {
        Versioned<?> v = name == null ? null : get(EntityKind.PROFILE, name);
        return v == null ? null : (BootProfile) v.value();
    }

    /** The hosts with this serial number (compared ignoring case), in name order. */
    List<Host> hostsBySerial(String serial) {
        List<String> names = indexes.bySerial().get(serialKey(serial));
        if (names == null) return List.of();
        List<Host> out = new ArrayList<>(names.size());
        for (String n : names) out.add(host(n));
        return out;
    }

    private static String serialKey(String serial) {
        return serial.trim().toLowerCase(Locale.ROOT);
    }

    /** The cluster a host belongs to and its role there, or null. */
    Membership membership(String host) {
        return indexes.membership().get(host);
    }

    /** The cluster a host belongs to, or null. */
    Cluster clusterOf(String host) {
        Membership m = indexes.membership().get(host);
        return m == null ? null : m.cluster();
    }

    /** The host's context in this state, built once. */
    HostContext context(Host host, Map<String, String> global) {
        return contexts.computeIfAbsent(host.name(), n -> HostContexts.of(host, this, global));
    }

    Instance instance(String host) {
        Versioned<?> v = get(EntityKind.INSTANCE, host);
        return v == null ? null : (Instance) v.value();
    }
}
