package io.kiln.api.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A template run on many hosts in batches, with a failure budget (e.g. a firmware refresh across a site).
 *
 * @param name        unique
 * @param template    the workflow each host runs
 * @param hosts       every host, in the order batches take them
 * @param batchSize   hosts per batch
 * @param maxFailures the failure budget: once more runs than this have failed, no further batch starts
 * @param variables   the runs' own variables
 * @param state       RUNNING, DONE (every batch ran within the budget), STOPPED (over budget, or by an operator)
 * @param started     how many hosts' runs have started
 * @param succeeded   hosts whose run succeeded
 * @param failed      hosts whose run failed or was cancelled, with the reason
 * @param reason      why it stopped, or empty
 * @param created     when it was started
 * @param createdBy   who started it
 */
public record Rollout(String name, String template, List<String> hosts, int batchSize, int maxFailures, Map<String, String> variables, String state,
                      int started, List<String> succeeded, Map<String, String> failed, String reason, Instant created, String createdBy) {
    public Rollout {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        succeeded = succeeded == null ? List.of() : List.copyOf(succeeded);
        failed = failed == null ? Map.of() : Map.copyOf(failed);
        reason = reason == null ? "" : reason;
    }
}
