package io.kiln.api.inventory;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Hosts and boot profiles, persisted; every boot service looks machines up here. */
@ProviderType
public interface Inventory {

    /** All hosts, sorted by name. */
    List<Host> hosts();

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
