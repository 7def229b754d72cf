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
 */
final class InventoryState {
    private final Map<EntityKind, Map<String, Versioned<?>>> byKind;
    /** Versions of the status documents ({@link StatusSplit}) by "kind/name"; absent: none written yet (0). */
    private final Map<String, Long> statusVersions;
    private final Map<String, Host> byMac;
    private final Map<String, Host> byUuid;
    private final Map<String, List<Host>> bySerial;
    private final Map<String, Membership> membership;
    /** When each host's spec or status was last written (as read from the store, then as this appliance wrote). */
    private final Map<String, java.time.Instant> hostUpdated;
    private volatile HostViews hostViews;
    /** The state before the write that made this one, while its views can be carried over (cleared once used). */
    private volatile InventoryState basis;
    /** Host contexts asked for in this state; the state never changes, so neither do they. */
    private final Map<String, HostContext> contexts = new ConcurrentHashMap<>();
    private volatile List<Problem> problems;

    /** A host's cluster and its role there. */
    record Membership(Cluster cluster, ClusterRole role) {
    }

    private InventoryState(Map<EntityKind, Map<String, Versioned<?>>> byKind, Map<String, Long> statusVersions,
                           Map<String, java.time.Instant> hostUpdated) {
        this.byKind = byKind;
        this.statusVersions = statusVersions;
        this.hostUpdated = hostUpdated;
        Map<String, Host> mac = new HashMap<>(), uuid = new HashMap<>();
        Map<String, List<Host>> serial = new HashMap<>();
        for (Versioned<?> v : byKind.get(EntityKind.HOST).values()) {
            Host h = (Host) v.value();
            for (String m : h.macs()) mac.putIfAbsent(m, h);
            if (h.uuid() != null) uuid.putIfAbsent(h.uuid(), h);
            if (h.serial() != null) serial.computeIfAbsent(serialKey(h.serial()), k -> new ArrayList<>()).add(h);
        }
        Map<String, Membership> members = new HashMap<>();
        for (Versioned<?> v : byKind.get(EntityKind.CLUSTER).values()) {
            Cluster c = (Cluster) v.value();
            for (ClusterMember m : c.members()) members.putIfAbsent(m.host(), new Membership(c, m.role()));
        }
        this.byMac = Map.copyOf(mac);
        this.byUuid = Map.copyOf(uuid);
        this.bySerial = Map.copyOf(serial);
        this.membership = Map.copyOf(members);
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

    /** The version of an entity's status document: 0 while none was written. */
    long statusVersion(EntityKind kind, String name) {
        return statusVersions.getOrDefault(kind.singular() + "/" + name, 0L);
    }

    Map<String, Long> statusVersions() {
        return statusVersions;
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
            Map<String, Versioned<?>> m = byKind.get(k);
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
        Map<String, Long> status = new HashMap<>(before.statusVersions);
        status.putAll(writtenStatus);
        deletedStatus.forEach(status::remove);
        Map<String, java.time.Instant> updated = new HashMap<>(before.hostUpdated);
        java.time.Instant now = java.time.Instant.now();
        String hostPrefix = EntityKind.HOST.singular() + "/";
        for (String id : specVersions.keySet()) if (id.startsWith(hostPrefix)) updated.put(id.substring(hostPrefix.length()), now);
        for (String id : writtenStatus.keySet()) if (id.startsWith(hostPrefix)) updated.put(id.substring(hostPrefix.length()), now);
        if (updated.size() > next.get(EntityKind.HOST).size()) updated.keySet().retainAll(next.get(EntityKind.HOST).keySet()); // hosts deleted
        InventoryState result = of(next, status, updated);
        // only a state with views is kept as a basis, so no chain of old states builds up
        if (before.hostViews != null) result.basis = before;
        result.problems = problems;
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

    /** The hosts' sorted views, built on the first query of this state. */
    HostViews hostViews() {
        HostViews v = hostViews;
        if (v == null) {
            InventoryState b = basis;
            Map<String, Versioned<?>> hosts = byKind.get(EntityKind.HOST);
            java.util.Set<String> changed = b == null ? null : changedHosts(b.byKind.get(EntityKind.HOST), hosts);
            if (changed != null && changed.size() <= Math.max(16, hosts.size() / 20)) {
                Map<String, Host> now = new HashMap<>();
                for (String name : changed) if (hosts.get(name) != null) now.put(name, (Host) hosts.get(name).value());
                v = b.hostViews.with(changed, now, hostUpdated);
            } else {
                v = new HostViews(values(EntityKind.HOST), hostUpdated);
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
        return byKind.get(kind).get(name);
    }

    Map<String, Versioned<?>> all(EntityKind kind) {
        return byKind.get(kind);
    }

    @SuppressWarnings("unchecked")
    <T> List<T> values(EntityKind kind) {
        List<T> out = new ArrayList<>();
        for (Versioned<?> v : byKind.get(kind).values()) out.add((T) v.value());
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
        for (Versioned<?> v : byKind.get(kind).values()) (v.version() > 0 ? stored : written).add((T) v.value());
        stored.addAll(written);
        return stored;
    }

    Host hostByMac(String mac) {
        return byMac.get(mac);
    }

    Host hostByUuid(String uuid) {
        return byUuid.get(uuid);
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
        return bySerial.getOrDefault(serialKey(serial), List.of());
    }

    private static String serialKey(String serial) {
        return serial.trim().toLowerCase(Locale.ROOT);
    }

    /** The cluster a host belongs to and its role there, or null. */
    Membership membership(String host) {
        return membership.get(host);
    }

    /** The cluster a host belongs to, or null. */
    Cluster clusterOf(String host) {
        Membership m = membership.get(host);
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
