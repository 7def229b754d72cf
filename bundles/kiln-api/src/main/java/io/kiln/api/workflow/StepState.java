package io.kiln.api.workflow;

/** Where one step of a run stands. */
public enum StepState {
    /** Not reached yet. */
    PENDING,
    /** Running on the appliance, or handed to the agent and not reported yet, or waiting for its event. */
    RUNNING,
    /** An attempt failed; the next starts at {@link StepRun#nextAttempt()}. */
    RETRY_WAIT,
    SUCCEEDED,
    /** Failed after its retries. */
    FAILED,
    /** Nothing to do for this host (e.g. power on a host without a BMC); the message says why. */
    SKIPPED,
    /** Undone by its compensating action during a rollback. */
    COMPENSATED
}
