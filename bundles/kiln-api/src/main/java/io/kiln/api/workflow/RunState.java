package io.kiln.api.workflow;

/** Where a workflow run stands. */
public enum RunState {
    /** A step runs, waits for the agent or an event, or waits to be retried. */
    RUNNING,
    /** A gate failed: the host is QUARANTINED until an operator releases it ({@code kiln:host-release}). */
    QUARANTINED,
    /** A step failed for good: the compensations of the steps done run in reverse order. */
    ROLLING_BACK,
    /** Every step succeeded. */
    SUCCEEDED,
    /** A step failed for good (after its retries and the rollback), or could not be resumed safely: see the reason. */
    FAILED,
    /** An operator stopped it. */
    CANCELLED,
    /** Kiln does not manage the host ({@code kiln:host-detach}): no workflow runs until {@code kiln:host-attach}. */
    DETACHED;

    public boolean active() {
        return this == RUNNING || this == QUARANTINED || this == ROLLING_BACK;
    }
}
