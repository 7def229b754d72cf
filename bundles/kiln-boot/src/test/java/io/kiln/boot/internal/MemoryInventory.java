package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.MacAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An inventory in two maps, without the real one's checks: enough for boot decisions and scripts. */
class MemoryInventory implements Inventory {

    private final Map<String, Host> hosts = new TreeMap<>();
    private final Map<String, BootProfile> profiles = new TreeMap<>();

    MemoryInventory with(Host h) {
        hosts.put(h.name(), h);
        return this;
    }

    MemoryInventory with(BootProfile p) {
        profiles.put(p.name(), p);
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

    // the generic, versioned part of the inventory is not used by these tests
    @Override public <T> List<io.kiln.api.inventory.Versioned<T>> list(Class<T> type) { throw new UnsupportedOperationException(); }
    @Override public <T> Optional<io.kiln.api.inventory.Versioned<T>> get(Class<T> type, String name) { throw new UnsupportedOperationException(); }
    @Override public <T> io.kiln.api.inventory.Versioned<T> save(T entity, long expectedVersion) { throw new UnsupportedOperationException(); }
    @Override public void delete(Class<?> type, String name, long expectedVersion) { throw new UnsupportedOperationException(); }
    @Override public void apply(List<io.kiln.api.inventory.InventoryChange> changes) { throw new UnsupportedOperationException(); }
    @Override public List<io.kiln.api.inventory.ResolvedVariable> variables(String host) { throw new UnsupportedOperationException(); }

    @Override
    public java.util.Optional<io.kiln.api.inventory.Instance> ztpInstance(String host) {
        return java.util.Optional.empty(); // the fake has no instances
    }
}
