package io.kiln.dhcp.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory inventory for tests. */
final class FakeInventory implements Inventory {
    final Map<String, Host> hosts = new TreeMap<>();

    final Map<String, io.kiln.api.inventory.Site> sites = new TreeMap<>();
    int siteVersion = 1;

    FakeInventory with(io.kiln.api.inventory.Site s) {
        sites.put(s.name(), s);
        siteVersion++;
        return this;
    }

    FakeInventory with(Host h) {
        hosts.put(h.name(), h);
        return this;
    }

    @Override public List<Host> hosts() { return List.copyOf(hosts.values()); }
    @Override public Optional<Host> host(String name) { return Optional.ofNullable(hosts.get(name)); }
    @Override public Optional<Host> hostByMac(String mac) { return hosts.values().stream().filter(h -> h.macs().contains(mac)).findFirst(); }
    @Override public Optional<Host> hostByUuid(String uuid) { return hosts.values().stream().filter(h -> uuid.equals(h.uuid())).findFirst(); }
    @Override public Host addHost(Host host) { hosts.put(host.name(), host); return host; }
    @Override public Host updateHost(Host host) { return addHost(host); }
    @Override public Host removeHost(String name) { return hosts.remove(name); }
    @Override public List<BootProfile> profiles() { return List.of(); }
    @Override public Optional<BootProfile> profile(String name) { return Optional.empty(); }
    @Override public BootProfile addProfile(BootProfile p) { throw KilnException.invalid("not in tests"); }
    @Override public BootProfile updateProfile(BootProfile p) { throw KilnException.invalid("not in tests"); }
    @Override public BootProfile removeProfile(String name) { throw KilnException.invalid("not in tests"); }

    // the generic, versioned part of the inventory is not used by these tests
    @Override
    public <T> List<io.kiln.api.inventory.Versioned<T>> list(Class<T> type) {
        if (type != io.kiln.api.inventory.Site.class) throw new UnsupportedOperationException();
        return sites.values().stream().map(s -> new io.kiln.api.inventory.Versioned<>(type.cast(s), siteVersion)).toList();
    }
    @Override public <T> Optional<io.kiln.api.inventory.Versioned<T>> get(Class<T> type, String name) { throw new UnsupportedOperationException(); }
    @Override public <T> io.kiln.api.inventory.Versioned<T> save(T entity, long expectedVersion) { throw new UnsupportedOperationException(); }
    @Override public void delete(Class<?> type, String name, long expectedVersion) { throw new UnsupportedOperationException(); }
    @Override public void apply(List<io.kiln.api.inventory.InventoryChange> changes) { throw new UnsupportedOperationException(); }
    @Override public List<String> check(List<io.kiln.api.inventory.InventoryChange> changes) { throw new UnsupportedOperationException(); }
    @Override public List<io.kiln.api.inventory.ResolvedVariable> variables(String host) { throw new UnsupportedOperationException(); }

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
        Optional<Host> byMac = mac == null ? Optional.empty() : hostByMac(mac);
        if (byMac.isPresent()) return Optional.of(new io.kiln.api.inventory.HostMatch(byMac.get(), io.kiln.api.inventory.HostMatch.Key.MAC, mac));
        return hosts.values().stream().filter(h -> uuid != null && uuid.equals(h.uuid())).findFirst()
                .map(h -> new io.kiln.api.inventory.HostMatch(h, io.kiln.api.inventory.HostMatch.Key.UUID, uuid));
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
