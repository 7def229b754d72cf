package io.kiln.api.onboarding;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who gets credentials. A machine is onboarded by itself only when it matches a pre-registered host on every
 * identity the host names (MACs, UUID, serial) AND presents an unused, unexpired enrollment token issued in that
 * host's boot script, or when an enrollment rule a site opted into registers it. Anything else waits for an operator
 * ({@link #approve}); a rejected machine is refused from then on. All methods throw {@link io.kiln.api.KilnException}.
 */
@ProviderType
public interface Onboarding {
    /** Decides on a request; never throws for a request that is merely unwelcome (the outcome says why). */
    OnboardOutcome onboard(OnboardRequest request);

    /** Machines waiting for an operator, and decided ones (newest first). */
    List<PendingMachine> pending();

    /**
     * Lets a waiting machine onboard at its next request: as the host it resembles, or as {@code host} (an existing
     * host, whose identities then must not belong to another host; or, with {@code register}, a new host with the
     * machine's MACs, UUID and serial, at {@code site} with {@code role}).
     *
     * @throws io.kiln.api.KilnException NOT_FOUND for an unknown id; INVALID when no host is named and the machine
     *                                   resembles none
     */
    PendingMachine approve(String id, String host, boolean register, String site, String role, String who);

    /** Refuses a waiting machine from now on. @throws io.kiln.api.KilnException NOT_FOUND for an unknown id */
    PendingMachine reject(String id, String reason, String who);

    /** The enrollment rules, by name. */
    List<EnrollmentRule> rules();

    /**
     * Adds or replaces an enrollment rule.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND when its site or role does not exist
     */
    EnrollmentRule putRule(EnrollmentRule rule);

    /** Removes a rule. @throws io.kiln.api.KilnException NOT_FOUND when there is none of that name */
    void removeRule(String name);

    /**
     * What happened to a host, oldest first (onboarding, provisioning steps, state changes); a removed host's entries
     * stay.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND when no host has that name and none had (no entries)
     */
    List<JournalEntry> journal(String host);
}
