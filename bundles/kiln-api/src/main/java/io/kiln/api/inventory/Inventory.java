package io.kiln.api.inventory;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The inventory: sites, roles, OS (boot) profiles, hosts, clusters and instances, persisted; every part of Kiln
 * reads it. Typed convenience methods for the boot path, and generic versioned access for everything
 * ({@link #get}, {@link #save}, {@link #delete}, {@link #apply}) used by the REST API, the commands and GitOps.
 * Every write checks references (a host's profile, site and role exist; nothing in use is deleted; cluster rules)
 * against the state it produces, and is persisted before it becomes visible.
 */
@ProviderType
public interface Inventory {

    /** Expected version: the entity must not exist yet. */
    long MUST_NOT_EXIST = 0;

    /** Expected version: whatever is there (declarative apply). */
    long ANY_VERSION = -1;

    /** All entities of a type, sorted by name, with their versions. */
    <T> java.util.List<Versioned<T>> list(Class<T> type);

    <T> Optional<Versioned<T>> get(Class<T> type, String name);

    /**
     * Creates or updates an entity's spec: for hosts and instances, the status parts of the given record are not
     * used (the stored status stays; a new entity starts with the initial one), except that an instance whose
     * profile changes starts over (current PENDING: a new OS to install).
     *
     * @param expectedVersion {@link #MUST_NOT_EXIST} to create, the version read to update, {@link #ANY_VERSION} to
     *                        overwrite
     * @throws io.kiln.api.KilnException CONFLICT (exists, changed by someone else, a MAC/UUID/IPv4 taken, rule broken),
     *                                   NOT_FOUND (update of a missing entity), INVALID (dangling reference)
     */
    <T> Versioned<T> save(T entity, long expectedVersion);

    /** @throws io.kiln.api.KilnException NOT_FOUND, CONFLICT (changed meanwhile, or still in use) */
    void delete(Class<?> type, String name, long expectedVersion);

    /**
     * Applies changes atomically: all are checked against the state they produce together, then written in one
     * transaction, or none is (the exception lists every problem found).
     */
    void apply(java.util.List<InventoryChange> changes);

    /**
     * Every problem {@link #apply} would refuse these changes for, with the same messages, without writing anything:
     * a dry run, so that a caller that has other problems to report (GitOps: files that do not parse) can report
     * these in the same round.
     *
     * @param changes as for {@link #apply}
     * @return one message per problem, empty when apply would accept the changes (as the state stands now)
     */
    List<String> check(List<InventoryChange> changes);

    /** A host's effective variables and where each comes from (host > cluster > role > site > global). */
    java.util.List<ResolvedVariable> variables(String host);

    /**
     * The instance zero-touch provisioning creates for a host as it stands now: present when the host's mode (its
     * own, else its site's; ZTP when neither says) is ZTP and it has an OS profile (its own, else its role's).
     * Such an instance is created in the same write as its host; GitOps does not need a file for it.
     */
    Optional<Instance> ztpInstance(String host);

    /**
     * Everything about a host in one answer: its site, role, cluster and member role, effective mode, instance,
     * OS profile (its own, else its role's), what it boots now (its instance's profile, else its own, else its
     * role's) and its resolved variables. Every part of Kiln asks this instead of recomputing it.
     *
     * @return empty when no host has that name
     */
    Optional<HostContext> context(String host);

    /**
     * Identifies a machine the way the boot path does: by MAC, else by system UUID, else by serial number (a serial
     * shared by several hosts identifies nobody). Each argument may be null; the DHCP hot path: no disk access.
     */
    Optional<HostMatch> identify(String mac, String uuid, String serial);

    /**
     * A host's status (what Kiln observes) and its own version, apart from the host's spec version: 0 while
     * nothing was ever written (the initial status).
     *
     * @return empty when no host has that name
     */
    Optional<Versioned<HostStatus>> hostStatus(String host);

    /**
     * Writes a host's status alone: its spec and spec version stay as they are, so an agent's report never
     * conflicts with an operator's edit (and a spec write never changes a status). The write that makes a host's
     * current state ONBOARDED starts its instance's provisioning, as ever.
     *
     * @param expectedVersion the status version read, or {@link #ANY_VERSION}
     * @throws io.kiln.api.KilnException NOT_FOUND (no such host), CONFLICT (the status changed meanwhile)
     */
    Versioned<HostStatus> saveStatus(HostStatus status, long expectedVersion);

    /**
     * An operator's write of a host's status (kiln:host-state, PUT /api/v1/hosts/{name}/status): as
     * {@link #saveStatus(HostStatus, long)}, but the current state may only change as an operator may change it by hand
     * (e.g. REGISTERED to ONBOARDED for a host installed by hand; never into or out of QUARANTINED, which is the
     * workflow's: kiln:host-release).
     *
     * @param expectedVersion the status version read, or {@link #ANY_VERSION}
     * @throws io.kiln.api.KilnException NOT_FOUND (no such host), CONFLICT (a change that is not an operator's to make:
     *                                   the message names those that are; or the status changed meanwhile)
     */
    Versioned<HostStatus> saveStatusByHand(HostStatus status, long expectedVersion);

    /** An instance's status and its own version (0: never written); empty when the host has no instance. */
    Optional<Versioned<InstanceStatus>> instanceStatus(String host);

    /**
     * Writes an instance's status alone (the workflow engine's and the agent's part).
     *
     * @param expectedVersion the status version read, or {@link #ANY_VERSION}
     * @throws io.kiln.api.KilnException NOT_FOUND (no such instance), CONFLICT (the status changed meanwhile)
     */
    Versioned<InstanceStatus> saveStatus(InstanceStatus status, long expectedVersion);

    /** All hosts, sorted by name. */
    List<Host> hosts();

    /**
     * One page of the hosts a query selects, in its order, with how many it selects in all. The inventory answers
     * from views it keeps per state (no sort per call); this default scans {@link #hosts()} and sorts, with no
     * update times ({@link HostSort#UPDATED} orders by name).
     *
     * @throws io.kiln.api.KilnException UNAVAILABLE while the inventory is not loaded
     */
    default HostPage findHosts(HostQuery query) {
        java.util.Set<String> members = new java.util.HashSet<>();
        for (String c : query.clusters()) get(Cluster.class, c).ifPresent(v -> v.value().members().forEach(m -> members.add(m.host())));
        java.util.Comparator<String> nullsFirst = java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
        java.util.Comparator<Host> order = switch (query.sort()) {
            case STATE -> java.util.Comparator.comparing(Host::currentState);
            case SITE -> java.util.Comparator.comparing(Host::site, nullsFirst);
            case ROLE -> java.util.Comparator.comparing(Host::role, nullsFirst);
            case NAME, UPDATED -> (x, y) -> 0;
        };
        order = order.thenComparing(Host::name);
        if (query.descending()) order = order.reversed();
        List<Host> all = hosts().stream().filter(h -> query.matches(h, members)).sorted(order).toList();
        int from = Math.min(query.offset(), all.size());
        return new HostPage(all.size(), query.offset(), query.limit(), all.subList(from, Math.min(all.size(), from + query.limit())));
    }

    Optional<Host> host(String name);

    /** The DHCP hot path: must not touch disk. */
    Optional<Host> hostByMac(String mac);

    Optional<Host> hostByUuid(String uuid);

    /**
     * Registers a host and persists it before returning.
     *
     * @throws io.kiln.api.KilnException CONFLICT if the name, a MAC, the UUID or the IPv4 is taken;
     *                                   INVALID if its profile does not exist
     */
    Host addHost(Host host);

    /**
     * Replaces an existing host (same name) and persists it.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND, CONFLICT or INVALID as for {@link #addHost}
     */
    Host updateHost(Host host);

    /** @throws io.kiln.api.KilnException NOT_FOUND */
    Host removeHost(String name);

    /** All boot profiles, sorted by name. */
    List<BootProfile> profiles();

    Optional<BootProfile> profile(String name);

    /** @throws io.kiln.api.KilnException CONFLICT if the name is taken */
    BootProfile addProfile(BootProfile profile);

    /** @throws io.kiln.api.KilnException NOT_FOUND */
    BootProfile updateProfile(BootProfile profile);

    /** @throws io.kiln.api.KilnException NOT_FOUND, or CONFLICT while a host still uses it */
    BootProfile removeProfile(String name);
}
