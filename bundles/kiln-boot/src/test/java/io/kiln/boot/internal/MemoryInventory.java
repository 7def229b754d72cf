package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.HostMatch;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.net.MacAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An inventory in maps, without the real one's checks: enough for boot decisions, scripts and provisioning files
 * (sites, roles and clusters read back through the generic {@code list}/{@code get}, version 1).
 */
class MemoryInventory implements Inventory {

    private final Map<String, Host> hosts = new TreeMap<>();
    private final Map<String, BootProfile> profiles = new TreeMap<>();
    private final Map<Class<?>, Map<String, Object>> others = new HashMap<>();
    private final Map<String, List<ResolvedVariable>> variables = new TreeMap<>();

    MemoryInventory with(Host h) {
        hosts.put(h.name(), h);
        return this;
    }

    MemoryInventory with(BootProfile p) {
        profiles.put(p.name(), p);
        return this;
    }

    MemoryInventory with(Site s) {
        return other(Site.class, s.name(), s);
    }

    MemoryInventory with(Role r) {
        return other(Role.class, r.name(), r);
    }

    MemoryInventory with(Cluster c) {
        return other(Cluster.class, c.name(), c);
    }

    MemoryInventory with(io.kiln.api.inventory.Instance i) {
        return other(io.kiln.api.inventory.Instance.class, i.host(), i);
    }

    /** What {@link #variables(String)} answers for this host (the real inventory resolves them). */
    MemoryInventory withVariables(String host, List<ResolvedVariable> resolved) {
        variables.put(host, List.copyOf(resolved));
        return this;
    }

    private MemoryInventory other(Class<?> type, String name, Object entity) {
        others.computeIfAbsent(type, t -> new TreeMap<>()).put(name, entity);
        return this;
    }

    @Override
    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    @Override
    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    @Override
    public Optional<Host> hostByMac(String mac) {
        String m = MacAddress.canonical(mac);
        return hosts.values().stream().filter(h -> h.macs().contains(m)).findFirst();
    }

    @Override
    public Optional<Host> hostByUuid(String uuid) {
        return hosts.values().stream().filter(h -> uuid.equalsIgnoreCase(h.uuid())).findFirst();
    }

    @Override
    public Host addHost(Host host) {
        return with(host).hosts.get(host.name());
    }

    @Override
    public Host updateHost(Host host) {
        return addHost(host);
    }

    @Override
    public Host removeHost(String name) {
        Host h = hosts.remove(name);
        if (h == null) throw KilnException.notFound(name);
        return h;
    }

    @Override
    public List<BootProfile> profiles() {
        return List.copyOf(profiles.values());
    }

    @Override
    public Optional<BootProfile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    @Override
    public BootProfile addProfile(BootProfile profile) {
        return with(profile).profiles.get(profile.name());
    }

    @Override
    public BootProfile updateProfile(BootProfile profile) {
        return addProfile(profile);
    }

    @Override
    public BootProfile removeProfile(String name) {
        BootProfile p = profiles.remove(name);
        if (p == null) throw KilnException.notFound(name);
        return p;
    }

    @Override
    public <T> List<Versioned<T>> list(Class<T> type) {
        return entities(type).values().stream().map(e -> new Versioned<>(type.cast(e), 1)).toList();
    }

    @Override
    public <T> Optional<Versioned<T>> get(Class<T> type, String name) {
        return Optional.ofNullable(entities(type).get(name)).map(e -> new Versioned<>(type.cast(e), 1));
    }

    private Map<String, ?> entities(Class<?> type) {
        if (type == Host.class) return hosts;
        if (type == BootProfile.class) return profiles;
        return others.getOrDefault(type, Map.of());
    }

    @Override
    public List<ResolvedVariable> variables(String host) {
        return variables.getOrDefault(host, List.of());
    }

    // changes through the generic part are not used by these tests
    @Override public <T> Versioned<T> save(T entity, long expectedVersion) { throw new UnsupportedOperationException(); }
    @Override public void delete(Class<?> type, String name, long expectedVersion) { throw new UnsupportedOperationException(); }
    @Override public void apply(List<io.kiln.api.inventory.InventoryChange> changes) { throw new UnsupportedOperationException(); }
    @Override public List<String> check(List<io.kiln.api.inventory.InventoryChange> changes) { throw new UnsupportedOperationException(); }

    @Override
    public java.util.Optional<io.kiln.api.inventory.Instance> ztpInstance(String host) {
        return java.util.Optional.empty(); // the fake has no instances
    }

    /** The real inventory's answer from these maps (mode: the host's own, else ZTP; the boot rule is the API's). */
    @Override
    public Optional<HostContext> context(String name) {
        Host h = hosts.get(name);
        if (h == null) return Optional.empty();
        Site site = get(Site.class, h.site() == null ? "" : h.site()).map(Versioned::value).orElse(null);
        Role role = get(Role.class, h.role() == null ? "" : h.role()).map(Versioned::value).orElse(null);
        Instance instance = get(Instance.class, name).map(Versioned::value).orElse(null);
        Cluster cluster = null;
        ClusterRole memberRole = null;
        for (Versioned<Cluster> c : list(Cluster.class)) {
            for (ClusterMember m : c.value().members()) {
                if (m.host().equals(name)) {
                    cluster = c.value();
                    memberRole = m.role();
                }
            }
        }
        return Optional.of(new HostContext(h, site, role, cluster, memberRole, h.mode() == null ? ProvisioningMode.ZTP : h.mode(),
                instance, h.profile() != null ? h.profile() : role == null ? null : role.profile(),
                HostContext.BootChoice.of(instance, h, role), variables(name)));
    }

    @Override
    public Optional<HostMatch> identify(String mac, String uuid, String serial) {
        if (mac != null) {
            Optional<Host> h = hostByMac(mac);
            if (h.isPresent()) return Optional.of(new HostMatch(h.get(), HostMatch.Key.MAC, MacAddress.canonical(mac)));
        }
        if (uuid != null) {
            Optional<Host> h = hostByUuid(uuid);
            if (h.isPresent()) return Optional.of(new HostMatch(h.get(), HostMatch.Key.UUID, uuid.toLowerCase(java.util.Locale.ROOT)));
        }
        if (serial == null) return Optional.empty();
        List<Host> hits = hosts.values().stream().filter(h -> serial.equalsIgnoreCase(h.serial())).toList();
        return hits.size() == 1 ? Optional.of(new HostMatch(hits.get(0), HostMatch.Key.SERIAL, serial)) : Optional.empty();
    }

    /** Host statuses the tests set (a quarantined host); status writes are not used by these tests. */
    final Map<String, io.kiln.api.inventory.HostStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    @Override public Optional<Versioned<io.kiln.api.inventory.HostStatus>> hostStatus(String host) {
        return Optional.ofNullable(statuses.get(host)).map(st -> new Versioned<>(st, 1));
    }
    @Override public Versioned<io.kiln.api.inventory.HostStatus> saveStatus(io.kiln.api.inventory.HostStatus s, long v) { throw new UnsupportedOperationException(); }
    @Override public Versioned<io.kiln.api.inventory.HostStatus> saveStatusByHand(io.kiln.api.inventory.HostStatus s, long v) { throw new UnsupportedOperationException(); }
    @Override public Optional<Versioned<io.kiln.api.inventory.InstanceStatus>> instanceStatus(String host) { throw new UnsupportedOperationException(); }
    @Override public Versioned<io.kiln.api.inventory.InstanceStatus> saveStatus(io.kiln.api.inventory.InstanceStatus s, long v) { throw new UnsupportedOperationException(); }
}
