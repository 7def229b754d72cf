package io.kiln.boot.internal;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ProvisioningState;
import java.util.Locale;

/**
 * Booting an installer profile (autoinstall, kickstart, preseed) puts an OS on the disk, so a host gets one only
 * with a go-ahead: its instance, desired RUNNING. A ZTP host has it from the start; a non-ZTP host waits for an
 * operator ({@code kiln:instance-add}). Until then its iPXE script exits and the firmware moves on to the next boot
 * device (the disk). Image profiles boot the node agent, which writes nothing without an instance, so they pass.
 */
final class InstallGate {
    private InstallGate() {
    }

    /** Why the host may not boot this profile now, or null when it may (unknown machines: the discovery profile). */
    static String withheld(HostContext host, BootProfile profile) {
        if (host == null || profile == null || profile.install() == InstallMethod.IMAGE) return null;
        Instance i = host.instance();
        if (i != null && i.desired() == ProvisioningState.RUNNING) return null;
        String name = host.host().name();
        String method = profile.install().name().toLowerCase(Locale.ROOT);
        if (i == null) {
            return "host '" + name + "' has no instance (non-ZTP: waits for an operator): installer profile '" + profile.name()
                    + "' (" + method + ") withheld until kiln:instance-add --profile " + profile.name() + " " + name;
        }
        return "host '" + name + "' has its instance on hold (desired " + i.desired().name().toLowerCase(Locale.ROOT)
                + "): installer profile '" + profile.name() + "' (" + method + ") withheld until kiln:instance-add --replace --profile "
                + profile.name() + " " + name;
    }
}
