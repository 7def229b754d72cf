package io.kiln.workflow.internal;

import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import java.util.ArrayList;
import java.util.List;

/** What makes a template unrunnable: action types Kiln does not know, a step placed where its type does not run, gates that cannot be read. */
final class Templates {
    private Templates() {
    }

    static List<String> problems(WorkflowTemplate t) {
        List<String> out = new ArrayList<>();
        for (WorkflowStep s : t.steps()) {
            check(out, s, "step " + s.name());
            if (s.compensate() != null) check(out, s.compensate(), "step " + s.name() + ": compensate");
        }
        return out;
    }

    private static void check(List<String> out, WorkflowStep s, String where) {
        ActionType type = ActionType.of(s.type());
        if (type == null) {
            out.add(where + ": unknown action type '" + s.type() + "' (kiln:workflow-actions lists them)");
            return;
        }
        if (s.on() != null && !s.on().equals(type.where())) out.add(where + ": " + s.type() + " runs on the " + type.where() + ", not on the " + s.on());
        for (String g : s.gates()) {
            String p = Gates.syntaxProblem(g);
            if (p != null) out.add(where + ": " + p);
        }
        if (type == ActionType.DELAY && !s.parameters().getOrDefault("seconds", "").matches("\\d{1,6}|\\$\\{[A-Za-z0-9_.-]+}")) {
            out.add(where + ": delay needs seconds=N (whole seconds, or ${variable})");
        }
    }
}
