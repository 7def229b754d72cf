package io.kiln.plugins.internal;

import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An inventory of hosts only (what the registry reads), in memory. */
final class Hosts {
    final Map<String, Host> hosts = new ConcurrentHashMap<>();
    final Map<String, io.kiln.api.inventory.HostContext> contexts = new ConcurrentHashMap<>();
    final Map<String, io.kiln.api.inventory.BootProfile> profiles = new ConcurrentHashMap<>();
    final Inventory inventory = (Inventory) Proxy.newProxyInstance(Inventory.class.getClassLoader(), new Class<?>[] {Inventory.class}, (p, m, a) -> switch (m.getName()) {
        case "host" -> Optional.ofNullable(hosts.get((String) a[0]));
        case "hosts" -> List.copyOf(hosts.values());
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

    /** Sets a host's {@code pci} hardware fact. */
    Hosts pci(String name, String fact) {
        hosts.put(name, hosts.get(name).toBuilder().hardware(Map.of(io.kiln.api.hardware.PciEntry.KEY, fact)).build());
        return this;
    }
}
