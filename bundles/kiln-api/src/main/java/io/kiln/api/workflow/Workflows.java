package io.kiln.api.workflow;

import io.kiln.api.inventory.WorkflowTemplate;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Each host's workflow runs. Every transition is written to the store before it is acted on, so a run resumes from
 * its last step after a crash or a restart, on this appliance or (after its lease expires) on another one sharing
 * the database. All methods throw {@link io.kiln.api.KilnException}: NOT_FOUND for an unknown host, template or
 * run; CONFLICT when the host's state does not allow it (the message says why); UNAVAILABLE when the store is down.
 */
@ProviderType
public interface Workflows {

    /** The templates a run can start from: the inventory's, and the built-in ones it does not replace, by name. */
    List<WorkflowTemplate> templates();

    /** Every host's current or last run, by host. */
    List<WorkflowRun> runs();

    /** The host's current or last run. */
    Optional<WorkflowRun> run(String host);

    /**
     * Starts a run of a template for a host. CONFLICT when the host has an active run (cancel it first).
     *
     * @param who the operator, for the timeline
     */
    WorkflowRun start(String host, String template, String who);

    /** Stops the host's active run where it is (no rollback). CONFLICT when none is active. */
    WorkflowRun cancel(String host, String who);

    /**
     * Releases a host from quarantine: it becomes ONBOARDED again and its run goes on; the gate that failed is
     * checked again unless {@code skipGate}. CONFLICT when the host is not quarantined.
     */
    WorkflowRun release(String host, boolean skipGate, String who);

    /** An operator's go-ahead for the host's run, which a wait-approval step waits for. CONFLICT when no run is active. */
    WorkflowRun approve(String host, String who);

    /** What is wrong with a template (unknown action types, gates that cannot be read), or nothing. */
    List<String> check(WorkflowTemplate template);

    /** Describes the action types a step can name, one line each: type, where it runs, parameters, idempotent. */
    List<String> actionTypes();
}
