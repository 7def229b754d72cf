package io.kiln.onboarding.internal;

import io.kiln.api.inventory.Host;
import io.kiln.api.onboarding.OnboardRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether a machine is the host it resembles: every identity the host names must be what the machine says. */
final class IdentityCheck {
    private IdentityCheck() {
    }

    /** The differences, in words; empty when the machine is the host. */
    static List<String> mismatches(Host h, OnboardRequest r) {
        List<String> out = new ArrayList<>();
        if (h.macs().stream().noneMatch(r.macs()::contains)) {
            out.add("none of the host's MACs (" + String.join(", ", h.macs()) + ") is the machine's (" + String.join(", ", r.macs()) + ")");
        }
        if (h.uuid() != null && !h.uuid().equals(r.uuid())) {
            out.add("the host's UUID is " + h.uuid() + ", the machine says " + (r.uuid() == null ? "none" : r.uuid()));
        }
        if (h.serial() != null && !Objects.equals(h.serial(), r.serial())) {
            out.add("the host's serial is " + h.serial() + ", the machine says " + (r.serial() == null ? "none" : r.serial()));
        }
        return out;
    }

    /** How the identity was established, for the journal: "MAC 52:54:00:.., UUID .." */
    static String matched(Host h, OnboardRequest r) {
        List<String> parts = new ArrayList<>();
        h.macs().stream().filter(r.macs()::contains).forEach(m -> parts.add("MAC " + m));
        if (h.uuid() != null) parts.add("UUID " + h.uuid());
        if (h.serial() != null) parts.add("serial " + h.serial());
        return String.join(", ", parts);
    }
}
