package io.kiln.agent;

import java.util.Map;

/** One type of action of {@code GET next} (PROTOCOL.md section 3). */
interface Action {
    /** Runs it; failures the operator should know about are a failed result, never an exception. */
    ActionResult run(Map<String, Object> action, ProgressReporter progress) throws InterruptedException;
}
