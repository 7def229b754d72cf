package io.kiln.api.workflow;

import java.time.Instant;
import java.util.List;

/**
 * A host's workflow run (the current one, or the last one that ended).
 *
 * @param host     the host
 * @param id       unique per run
 * @param template the template it was started from (its copy is kept with the run)
 * @param templateVersion the inventory version of that template when the run started; 0 for a built-in one
 * @param state    where it stands
 * @param current  the index of the step it is at (steps.size() when every step is done)
 * @param steps    each step of the template, in order
 * @param started  when it started
 * @param updated  when it last changed
 * @param reason   why it is in its state (the failure, the gate, who cancelled), or empty
 * @param owner    the appliance that drives it (several appliances on one database share the work)
 * @param startedBy who started it (an operator, or "kiln" for ZTP)
 */
public record WorkflowRun(String host, String id, String template, long templateVersion, RunState state, int current, List<StepRun> steps, Instant started,
                          Instant updated, String reason, String owner, String startedBy) {
    public WorkflowRun {
        steps = steps == null ? List.of() : List.copyOf(steps);
        reason = reason == null ? "" : reason;
    }

    /** The step it is at, or null when it is past the last one. */
    public StepRun currentStep() {
        return current >= 0 && current < steps.size() ? steps.get(current) : null;
    }
}
