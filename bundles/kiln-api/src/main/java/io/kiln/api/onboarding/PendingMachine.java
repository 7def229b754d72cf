package io.kiln.api.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A machine that asked to be onboarded and waits for an operator (or was decided on).
 *
 * @param id        stable id (from its UUID, else its first MAC)
 * @param uuid      what it said
 * @param serial    what it said
 * @param macs      what it said
 * @param facts     its discovered hardware facts
 * @param address   where it asked from
 * @param reason    why it was not onboarded by itself
 * @param candidate the host it resembles (same MAC, UUID or serial), or null for an unknown machine
 * @param rules     what each enrollment rule said about it ("rule r1: vendor is QEMU, wants Dell*"), may be empty
 * @param state     PENDING, APPROVED (onboards at its next request) or REJECTED
 * @param decision  who decided and how ("approved as host vm-1 by karaf"), or null
 * @param firstSeen its first request
 * @param lastSeen  its latest request
 */
public record PendingMachine(String id, String uuid, String serial, List<String> macs, Map<String, String> facts,
                             String address, String reason, String candidate, List<String> rules, State state,
                             String decision, Instant firstSeen, Instant lastSeen) {
    /** An operator's decision, or none yet. */
    public enum State { PENDING, APPROVED, REJECTED }

    public PendingMachine {
        macs = macs == null ? List.of() : List.copyOf(macs);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
