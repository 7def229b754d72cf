package io.kiln.workflow.internal;

import io.kiln.api.workflow.StepRun;
import io.kiln.api.workflow.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One step of a persisted run (mutable while the engine decides; written whole with its run). */
final class StepRecord {
    static final int LOG_LINES = 40;

    public String name;
    public String type;
    public String on;
    public StepState state = StepState.PENDING;
    public int attempt;
    /** The id the agent knows the current attempt by (agent steps), unique per host. */
    public String actionId;
    public Instant started;
    public Instant finished;
    public Instant nextAttempt;
    /** When the current attempt times out. */
    public Instant deadline;
    /** When the agent first fetched the current attempt (agent steps). */
    public Instant delivered;
    public Integer percent;
    public String message = "";
    public List<String> log = new ArrayList<>();
    public Map<String, String> details = new LinkedHashMap<>();
    /** The agent's report on the current attempt (or compensation), not yet acted on: true ok, false failed. */
    public Boolean reported;
    public String reportedMessage;
    public Map<String, String> reportedDetails;
    /** The agent asked for this non-idempotent action again: it may have run, so it is not handed out twice. */
    public boolean inDoubt;
    /** The compensation during a rollback: null (none run), RUNNING, SUCCEEDED or FAILED. */
    public String compensation;
    public String compensationId;
    public String compensationMessage;
    public Instant compensationDeadline;

    void addLog(List<String> lines) {
        if (lines == null) return;
        for (String line : lines) log.add(line.length() > 500 ? line.substring(0, 500) : line);
        while (log.size() > LOG_LINES) log.remove(0);
    }

    StepRun view() {
        String msg = message;
        if (compensation != null) msg = msg + (msg.isEmpty() ? "" : "; ") + "compensation " + compensation.toLowerCase(java.util.Locale.ROOT)
                + (compensationMessage == null || compensationMessage.isEmpty() ? "" : ": " + compensationMessage);
        return new StepRun(name, type, on, state, attempt, started, finished, nextAttempt, msg, log, details);
    }
}
