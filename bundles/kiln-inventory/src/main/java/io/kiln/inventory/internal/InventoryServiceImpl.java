package io.kiln.inventory.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.MacAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory: an immutable snapshot in memory (lock-free reads, the DHCP hot path) and a file on disk that is
 * written before a change becomes visible, so a change either persisted and shows, or failed and changed nothing.
 */
@Component(service = Inventory.class, configurationPid = "io.kiln.inventory")
@Designate(ocd = InventoryServiceImpl.Config.class)
public class InventoryServiceImpl implements Inventory {

    @ObjectClassDefinition(name = "Kiln inventory", description = "Where hosts and boot profiles are stored")
    public @interface Config {
        @AttributeDefinition(description = "Inventory file; relative paths are under the Karaf data directory")
        String file() default "kiln/inventory.json";
    }

    private static final Logger LOG = LoggerFactory.getLogger(InventoryServiceImpl.class);

    /** Everything readers see, swapped whole on each change. */
    private record Snapshot(Map<String, Host> hosts, Map<String, BootProfile> profiles, Map<String, Host> byMac,
                            Map<String, Host> byUuid) {
        static Snapshot of(List<Host> hosts, List<BootProfile> profiles) {
            Map<String, Host> h = new TreeMap<>(), mac = new HashMap<>(), uuid = new HashMap<>();
            Map<String, BootProfile> p = new TreeMap<>();
            for (BootProfile bp : profiles) p.put(bp.name(), bp);
            for (Host host : hosts) {
                h.put(host.name(), host);
                for (String m : host.macs()) mac.put(m, host);
                if (host.uuid() != null) uuid.put(host.uuid(), host);
            }
            return new Snapshot(Map.copyOf(h), Map.copyOf(p), Map.copyOf(mac), Map.copyOf(uuid));
        }
    }

    private final InventoryFile file;
    private volatile Snapshot snapshot;

    @Activate
    public InventoryServiceImpl(Config config) {
        this(new InventoryFile(resolve(config.file())));
    }

    InventoryServiceImpl(InventoryFile file) {
        this.file = file;
        InventoryFile.Content c = file.load();
        this.snapshot = Snapshot.of(c.hosts(), c.profiles());
        LOG.info("Kiln inventory: {} hosts, {} boot profiles from {}", c.hosts().size(), c.profiles().size(), file.path());
    }

    static Path resolve(String f) {
        Path p = Path.of(f);
        return p.isAbsolute() ? p : Path.of(System.getProperty("karaf.data", "data")).resolve(p);
    }

    @Override
    public List<Host> hosts() {
        return List.copyOf(snapshot.hosts().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList());
    }

    @Override
    public Optional<Host> host(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(snapshot.hosts().get(name));
    }

    @Override
    public Optional<Host> hostByMac(String mac) {
        if (mac == null) return Optional.empty();
        Host h = snapshot.byMac().get(mac);
        if (h != null) return Optional.of(h);
        try {
            return Optional.ofNullable(snapshot.byMac().get(MacAddress.canonical(mac)));
        } catch (KilnException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Host> hostByUuid(String uuid) {
        return uuid == null ? Optional.empty() : Optional.ofNullable(snapshot.byUuid().get(uuid.toLowerCase(Locale.ROOT)));
    }

    @Override
    public synchronized Host addHost(Host host) {
        Objects.requireNonNull(host, "host");
        Snapshot s = snapshot;
        if (s.hosts().containsKey(host.name())) throw KilnException.conflict("host '" + host.name() + "' already exists");
        checkHost(s, host, null);
        List<Host> hosts = new ArrayList<>(s.hosts().values());
        hosts.add(host);
        commit(hosts, List.copyOf(s.profiles().values()));
        return host;
    }

    @Override
    public synchronized Host updateHost(Host host) {
        Snapshot s = snapshot;
        if (!s.hosts().containsKey(host.name())) throw KilnException.notFound("no host named '" + host.name() + "'");
        checkHost(s, host, host.name());
        List<Host> hosts = new ArrayList<>(s.hosts().values());
        hosts.removeIf(h -> h.name().equals(host.name()));
        hosts.add(host);
        commit(hosts, List.copyOf(s.profiles().values()));
        return host;
    }

    private static void checkHost(Snapshot s, Host host, String replacing) {
        for (String m : host.macs()) {
            Host other = s.byMac().get(m);
            if (other != null && !other.name().equals(replacing)) {
                throw KilnException.conflict("MAC " + m + " already belongs to host '" + other.name() + "'");
            }
        }
        if (host.uuid() != null) {
            Host other = s.byUuid().get(host.uuid());
            if (other != null && !other.name().equals(replacing)) {
                throw KilnException.conflict("UUID " + host.uuid() + " already belongs to host '" + other.name() + "'");
            }
        }
        if (host.ipv4() != null) {
            for (Host other : s.hosts().values()) {
                if (host.ipv4().equals(other.ipv4()) && !other.name().equals(replacing)) {
                    throw KilnException.conflict("IPv4 " + host.ipv4() + " is already reserved for host '" + other.name() + "'");
                }
            }
        }
        if (host.profile() != null && !s.profiles().containsKey(host.profile())) {
            throw KilnException.invalid("boot profile '" + host.profile() + "' does not exist (kiln:profile-list shows the profiles)");
        }
    }

    @Override
    public synchronized Host removeHost(String name) {
        Snapshot s = snapshot;
        Host h = s.hosts().get(name);
        if (h == null) throw KilnException.notFound("no host named '" + name + "'");
        List<Host> hosts = new ArrayList<>(s.hosts().values());
        hosts.remove(h);
        commit(hosts, List.copyOf(s.profiles().values()));
        return h;
    }

    @Override
    public List<BootProfile> profiles() {
        return List.copyOf(snapshot.profiles().values());
    }

    @Override
    public Optional<BootProfile> profile(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(snapshot.profiles().get(name));
    }

    @Override
    public synchronized BootProfile addProfile(BootProfile profile) {
        Snapshot s = snapshot;
        if (s.profiles().containsKey(profile.name())) throw KilnException.conflict("profile '" + profile.name() + "' already exists");
        List<BootProfile> profiles = new ArrayList<>(s.profiles().values());
        profiles.add(profile);
        commit(List.copyOf(s.hosts().values()), profiles);
        return profile;
    }

    @Override
    public synchronized BootProfile updateProfile(BootProfile profile) {
        Snapshot s = snapshot;
        if (!s.profiles().containsKey(profile.name())) throw KilnException.notFound("no profile named '" + profile.name() + "'");
        List<BootProfile> profiles = new ArrayList<>(s.profiles().values());
        profiles.removeIf(p -> p.name().equals(profile.name()));
        profiles.add(profile);
        commit(List.copyOf(s.hosts().values()), profiles);
        return profile;
    }

    @Override
    public synchronized BootProfile removeProfile(String name) {
        Snapshot s = snapshot;
        BootProfile p = s.profiles().get(name);
        if (p == null) throw KilnException.notFound("no profile named '" + name + "'");
        List<String> users = s.hosts().values().stream().filter(h -> name.equals(h.profile())).map(Host::name).sorted().toList();
        if (!users.isEmpty()) {
            throw KilnException.conflict("profile '" + name + "' is used by " + users.size() + " host(s): "
                    + String.join(", ", users.subList(0, Math.min(5, users.size()))) + (users.size() > 5 ? ", ..." : ""));
        }
        List<BootProfile> profiles = new ArrayList<>(s.profiles().values());
        profiles.remove(p);
        commit(List.copyOf(s.hosts().values()), profiles);
        return p;
    }

    /** Persist first, then publish: readers never see what is not on disk. */
    private void commit(List<Host> hosts, List<BootProfile> profiles) {
        Snapshot next = Snapshot.of(hosts, profiles);
        file.save(new InventoryFile.Content(1, List.copyOf(next.hosts().values()), List.copyOf(next.profiles().values())));
        snapshot = next;
    }
}
