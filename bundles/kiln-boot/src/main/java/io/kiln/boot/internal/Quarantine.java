package io.kiln.boot.internal;

import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;

/**
 * A host its workflow quarantined (a failed gate; {@code kiln:workflow-show} says which) boots nothing that could
 * write its disk, nor its disk, until an operator releases it ({@code kiln:host-release}). Decided here for the DHCP
 * answer, {@code kiln:boot-explain} and the iPXE script alike: the quarantine profile when etc/io.kiln.boot.cfg names
 * one (a diagnostics image, say), else iPXE holds the machine, saying why and asking again every minute, so a release
 * takes it on without anyone at the machine.
 */
final class Quarantine {
    /** How long a held machine waits before it asks for its script again. */
    static final int HOLD_SECONDS = 60;

    private Quarantine() {
    }

    static boolean applies(Inventory inventory, String host) {
        return inventory.hostStatus(host).map(v -> v.value().currentState() == OnboardingState.QUARANTINED).orElse(false);
    }

    /** The line for explanations and the held machine's console. */
    static String explain(String host, BootSettings s) {
        return "host '" + host + "' is QUARANTINED by its workflow (kiln:workflow-show " + host + " says why) -> "
                + (s.quarantineProfile().isEmpty()
                        ? "iPXE holds it (asking again every " + HOLD_SECONDS + " s) until kiln:host-release " + host
                        : "quarantine profile '" + s.quarantineProfile() + "' until kiln:host-release " + host);
    }
}
