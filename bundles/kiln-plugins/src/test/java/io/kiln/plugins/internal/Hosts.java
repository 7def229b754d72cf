package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An inventory of hosts only (what the registry reads and writes: specs and statuses), in memory. */
final class Hosts {
    final Map<String, Host> hosts = new ConcurrentHashMap<>();
    final Map<String, Versioned<HostStatus>> statuses = new ConcurrentHashMap<>();
    final Map<String, io.kiln.api.inventory.HostContext> contexts = new ConcurrentHashMap<>();
    final Map<String, io.kiln.api.inventory.BootProfile> profiles = new ConcurrentHashMap<>();
    final Inventory inventory = (Inventory) Proxy.newProxyInstance(Inventory.class.getClassLoader(), new Class<?>[] {Inventory.class}, (p, m, a) -> switch (m.getName()) {
        case "host" -> Optional.ofNullable(hosts.get((String) a[0]));
        case "hosts" -> List.copyOf(hosts.values());
        case "hostByMac" -> hosts.values().stream().filter(h -> h.macs().contains((String) a[0])).findFirst();
        case "hostByUuid" -> hosts.values().stream().filter(h -> a[0].equals(h.uuid())).findFirst();
        case "save" -> save((Host) a[0], (Long) a[1]);
        case "hostStatus" -> Optional.ofNullable(hosts.get((String) a[0])).map(h -> status(h.name()));
        case "saveStatus" -> saveStatus((HostStatus) a[0], (Long) a[1]);
        case "context" -> Optional.ofNullable(contexts.get((String) a[0]));
        case "profile" -> Optional.ofNullable(profiles.get((String) a[0]));
        default -> throw new UnsupportedOperationException(m.getName());
    });

    Hosts add(String name, String bmcAddress, String plugin) {
        return add(name, bmcAddress, plugin, null);
    }

    Hosts add(String name, String bmcAddress, String plugin, String credentialRef) {
        hosts.put(name, new Host(name, List.of("52:54:00:00:00:" + String.format("%02x", hosts.size() + 1)), null, null, null, null, null, null, null, null,
                bmcAddress == null ? null : new Bmc(bmcAddress, plugin, credentialRef), null, null, null, null, null));
        return this;
    }

    private Versioned<HostStatus> status(String host) {
        return statuses.getOrDefault(host, new Versioned<>(HostStatus.initial(host), 0));
    }

    private synchronized Versioned<Host> save(Host h, long expected) {
        if (expected != Inventory.MUST_NOT_EXIST) throw new UnsupportedOperationException("updates");
        if (hosts.containsKey(h.name())) throw KilnException.conflict("host '" + h.name() + "' already exists");
        hosts.put(h.name(), h.withStatus(null));
        return new Versioned<>(hosts.get(h.name()), 1);
    }

    private synchronized Versioned<HostStatus> saveStatus(HostStatus s, long expected) {
        Host h = hosts.get(s.host());
        if (h == null) throw KilnException.notFound("no host named '" + s.host() + "'");
        Versioned<HostStatus> now = status(s.host());
        if (expected != Inventory.ANY_VERSION && expected != now.version()) throw KilnException.conflict("the status of host '" + s.host() + "' changed");
        Versioned<HostStatus> next = new Versioned<>(s, now.version() + 1);
        statuses.put(s.host(), next);
        hosts.put(s.host(), h.withStatus(s));
        return next;
    }

    /** Sets a host's {@code pci} hardware fact. */
    Hosts pci(String name, String fact) {
        hosts.put(name, hosts.get(name).toBuilder().hardware(Map.of(io.kiln.api.hardware.PciEntry.KEY, fact)).build());
        return this;
    }
}
