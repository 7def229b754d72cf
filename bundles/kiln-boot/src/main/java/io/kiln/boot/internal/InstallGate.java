package io.kiln.boot.internal;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Versioned;

/**
 * Booting an installer profile (autoinstall, kickstart, preseed) puts an OS on the disk, so a host gets one only
 * with a go-ahead: its instance, desired RUNNING. A ZTP host has it from the start; a non-ZTP host waits for an
 * operator ({@code kiln:instance-add}). Until then its iPXE script exits and the firmware moves on to the next boot
 * device (the disk). Image profiles boot the node agent, which writes nothing without an instance, so they pass.
 */
final class InstallGate {
    private InstallGate() {
    }

    /** Why the host may not boot this profile now, or null when it may. */
    static String withheld(Host host, BootProfile profile, Inventory inventory) {
        if (host == null || profile == null || profile.install() == InstallMethod.IMAGE) return null;
        Instance i = inventory.get(Instance.class, host.name()).map(Versioned::value).orElse(null);
        if (i != null && i.desired() == ProvisioningState.RUNNING) return null;
        String method = profile.install().name().toLowerCase(java.util.Locale.ROOT);
        String why = i == null ? "has no instance (non-ZTP: waits for an operator)"
                : "has its instance on hold (desired " + i.desired().name().toLowerCase(java.util.Locale.ROOT) + ")";
        return "host '" + host.name() + "' " + why + ": installer profile '" + profile.name() + "' (" + method
                + ") withheld until kiln:instance-add --profile " + profile.name() + " " + host.name();
    }
}
