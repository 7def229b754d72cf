package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.InventoryChange;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Versioned;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory inventory with the real one's versioning rules (no reference checks): enough for the REST routes. */
class FakeInventory implements Inventory {
    private final Map<EntityKind, TreeMap<String, Versioned<Object>>> all = new EnumMap<>(EntityKind.class);

    FakeInventory() {
        for (EntityKind k : EntityKind.values()) all.put(k, new TreeMap<>());
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> List<Versioned<T>> list(Class<T> type) {
        List<Versioned<T>> out = new ArrayList<>();
        for (Versioned<Object> v : all.get(EntityKind.of(type)).values()) out.add((Versioned<T>) v);
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> Optional<Versioned<T>> get(Class<T> type, String name) {
        return Optional.ofNullable((Versioned<T>) all.get(EntityKind.of(type)).get(name));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> Versioned<T> save(T entity, long expectedVersion) {
        EntityKind k = EntityKind.of(entity.getClass());
        String name = k.nameOf(entity);
        Versioned<Object> cur = all.get(k).get(name);
        if (expectedVersion == MUST_NOT_EXIST && cur != null) throw KilnException.conflict(k.singular() + " '" + name + "' already exists");
        if (expectedVersion > 0 && cur == null) throw KilnException.notFound("no " + k.singular() + " named '" + name + "'");
        if (expectedVersion > 0 && cur.version() != expectedVersion) {
            throw KilnException.conflict(k.singular() + " '" + name + "' was changed by someone else (version " + cur.version() + ", you had " + expectedVersion + ")");
        }
        Versioned<Object> next = new Versioned<>(entity, cur == null ? 1 : cur.version() + 1);
        all.get(k).put(name, next);
        return (Versioned<T>) next;
    }

    @Override
    public synchronized void delete(Class<?> type, String name, long expectedVersion) {
        EntityKind k = EntityKind.of(type);
        Versioned<Object> cur = all.get(k).get(name);
        if (cur == null) {
            if (expectedVersion == ANY_VERSION) return;
            throw KilnException.notFound("no " + k.singular() + " named '" + name + "'");
        }
        if (expectedVersion > 0 && cur.version() != expectedVersion) throw KilnException.conflict(k.singular() + " '" + name + "' was changed");
        all.get(k).remove(name);
    }

    @Override
    public void apply(List<InventoryChange> changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> check(List<InventoryChange> changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ResolvedVariable> variables(String host) {
        Host h = host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        List<ResolvedVariable> out = new ArrayList<>();
        h.vars().forEach((n, v) -> out.add(new ResolvedVariable(n, v, ResolvedVariable.Source.HOST, h.name(), List.of("global = x"))));
        return out;
    }

    @Override
    public List<Host> hosts() {
        return list(Host.class).stream().map(Versioned::value).toList();
    }

    @Override
    public Optional<Host> host(String name) {
        return get(Host.class, name).map(Versioned::value);
    }

    @Override
    public Optional<Host> hostByMac(String mac) {
        return hosts().stream().filter(h -> h.macs().contains(mac)).findFirst();
    }

    @Override
    public Optional<Host> hostByUuid(String uuid) {
        return hosts().stream().filter(h -> uuid.equals(h.uuid())).findFirst();
    }

    @Override
    public Host addHost(Host host) {
        return save(host, MUST_NOT_EXIST).value();
    }

    @Override
    public Host updateHost(Host host) {
        return save(host, get(Host.class, host.name()).orElseThrow().version()).value();
    }

    @Override
    public Host removeHost(String name) {
        Host h = host(name).orElseThrow();
        delete(Host.class, name, ANY_VERSION);
        return h;
    }

    @Override
    public List<BootProfile> profiles() {
        return list(BootProfile.class).stream().map(Versioned::value).toList();
    }

    @Override
    public Optional<BootProfile> profile(String name) {
        return get(BootProfile.class, name).map(Versioned::value);
    }

    @Override
    public BootProfile addProfile(BootProfile profile) {
        return save(profile, MUST_NOT_EXIST).value();
    }

    @Override
    public BootProfile updateProfile(BootProfile profile) {
        return save(profile, ANY_VERSION).value();
    }

    @Override
    public BootProfile removeProfile(String name) {
        BootProfile p = profile(name).orElseThrow();
        delete(BootProfile.class, name, ANY_VERSION);
        return p;
    }

    @Override
    public java.util.Optional<io.kiln.api.inventory.Instance> ztpInstance(String host) {
        return java.util.Optional.empty(); // the fake has no instances
    }

    @Override
    public Optional<io.kiln.api.inventory.HostContext> context(String host) {
        throw new UnsupportedOperationException(); // not used by these tests
    }

    @Override
    public Optional<io.kiln.api.inventory.HostMatch> identify(String mac, String uuid, String serial) {
        throw new UnsupportedOperationException(); // not used by these tests
    }

    @Override
    public Optional<io.kiln.api.inventory.Versioned<io.kiln.api.inventory.HostStatus>> hostStatus(String host) {
        throw new UnsupportedOperationException(); // not used by these tests
    }

    @Override
    public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.HostStatus> saveStatus(io.kiln.api.inventory.HostStatus s, long v) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.HostStatus> saveStatusByHand(io.kiln.api.inventory.HostStatus s, long v) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<io.kiln.api.inventory.Versioned<io.kiln.api.inventory.InstanceStatus>> instanceStatus(String host) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.kiln.api.inventory.Versioned<io.kiln.api.inventory.InstanceStatus> saveStatus(io.kiln.api.inventory.InstanceStatus s, long v) {
        throw new UnsupportedOperationException();
    }
}
