package io.kiln.api.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step of a run as it went.
 *
 * @param name        the step's name in the template
 * @param type        its action type
 * @param on          appliance or agent
 * @param state       where it stands
 * @param attempt     the current or last attempt, from 1 (0: not started)
 * @param started     when the current or last attempt started, or null
 * @param finished    when the step ended, or null
 * @param nextAttempt when the next attempt starts (state RETRY_WAIT), or null
 * @param message     the last outcome or progress, in words
 * @param log         the last lines of its log (agent output, BMC answers)
 * @param details     facts the action reported (e.g. the disk it wrote), for later gates and for operators
 */
public record StepRun(String name, String type, String on, StepState state, int attempt, Instant started, Instant finished,
                      Instant nextAttempt, String message, List<String> log, Map<String, String> details) {
    public StepRun {
        log = log == null ? List.of() : List.copyOf(log);
        details = details == null ? Map.of() : Map.copyOf(details);
        message = message == null ? "" : message;
    }
}
