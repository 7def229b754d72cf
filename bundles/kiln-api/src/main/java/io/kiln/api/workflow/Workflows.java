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

    /**
     * Whether the template a run of that name starts from is one Kiln ships: built in, and not replaced by a template
     * of the same name in the inventory.
     */
    boolean isBuiltIn(String template);

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

    /**
     * Starts a run with variables of its own, above the host's (e.g. the firmware image of a rollout).
     *
     * @see #start(String, String, String)
     */
    WorkflowRun start(String host, String template, String who, java.util.Map<String, String> variables);

    /** Stops the host's active run where it is (no rollback). CONFLICT when none is active. */
    WorkflowRun cancel(String host, String who);

    /**
     * Releases a host from quarantine: it becomes ONBOARDED again and its run goes on; the gate that failed is
     * checked again unless {@code skipGate}. CONFLICT when the host is not quarantined.
     */
    WorkflowRun release(String host, boolean skipGate, String who);

    /**
     * Stops managing a host and leaves it as it is: its active run is cancelled, no workflow starts for it (not even
     * ZTP), and its network boot goes to its disk.
     */
    WorkflowRun detach(String host, String who);

    /**
     * Manages a host again, or adopts one that runs already: runs the built-in {@code attach} workflow (inspect
     * through the BMC where there is one, then its instance is RUNNING without being provisioned). CONFLICT when a
     * run is active.
     */
    WorkflowRun attach(String host, String who);

    /**
     * Starts a template on many hosts in batches: the next batch starts when every run of the current one has
     * ended; once more than {@code maxFailures} runs have failed, no further batch starts and the rollout is STOPPED.
     *
     * @param variables the runs' own variables (e.g. {@code firmware.image})
     * @throws io.kiln.api.KilnException CONFLICT when a rollout of that name runs, or one of the hosts runs a workflow
     */
    Rollout startRollout(String name, String template, List<String> hosts, int batchSize, int maxFailures, java.util.Map<String, String> variables,
                         String who);

    /** Every rollout, newest first. */
    List<Rollout> rollouts();

    /** Stops a rollout: no further batch starts (runs that have started go on). */
    Rollout stopRollout(String name, String who);

    /** An operator's go-ahead for the host's run, which a wait-approval step waits for. CONFLICT when no run is active. */
    WorkflowRun approve(String host, String who);

    /** What is wrong with a template (unknown action types, gates that cannot be read), or nothing. */
    List<String> check(WorkflowTemplate template);

    /** Describes the action types a step can name, one line each: type, where it runs, parameters, idempotent. */
    List<String> actionTypes();
}
