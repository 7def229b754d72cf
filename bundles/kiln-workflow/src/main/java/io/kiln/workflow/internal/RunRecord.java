package io.kiln.workflow.internal;

import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's run as the store keeps it (document kind {@value #KIND}, named by the host): the template's copy, where
 * each step stands, the events its waits complete on, and the appliance that drives it.
 */
final class RunRecord {
    static final String KIND = "workflow-run";

    public String host;
    public String id;
    public String template;
    public long templateVersion;
    public WorkflowTemplate plan;
    public RunState state = RunState.RUNNING;
    public int current;
    /** During ROLLING_BACK: the step whose compensation runs or is next (counting down). */
    public int rollback = -1;
    public List<StepRecord> steps = new ArrayList<>();
    /** Host events by name (onboarded, first-boot, approved) and when they last happened. */
    public Map<String, Instant> signals = new LinkedHashMap<>();
    public Instant started;
    public Instant updated;
    public String reason = "";
    public String owner;
    public String startedBy;
    /** Kiln's HTTP URL as the host's boot script was served with it (its files' ${kiln.url}). */
    public String kilnUrl;
    /** Set by a release with --skip-gate: the current step's gates are not checked again. */
    public boolean skipGates;
    /** The run's own variables, above the host's (a rollout's firmware image). */
    public Map<String, String> variables = new LinkedHashMap<>();
    /** Agent action ids handed out in this run, so a late report of an earlier attempt is recognised. */
    public int sequence;

    StepRecord step() {
        return current >= 0 && current < steps.size() ? steps.get(current) : null;
    }

    StepRecord step(String actionId) {
        for (StepRecord s : steps) {
            if (actionId.equals(s.actionId) || actionId.equals(s.compensationId)) return s;
        }
        return null;
    }

    WorkflowRun view() {
        List<io.kiln.api.workflow.StepRun> v = new ArrayList<>();
        for (StepRecord s : steps) v.add(s.view());
        return new WorkflowRun(host, id, template, templateVersion, state, current, v, started, updated, reason, owner, startedBy);
    }
}
