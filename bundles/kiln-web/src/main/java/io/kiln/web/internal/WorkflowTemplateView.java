package io.kiln.web.internal;

import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.workflow.Workflows;
import java.util.List;

/**
 * A template a run can start from, as {@code GET /api/v1/workflows} lists it: the inventory's and the built-in ones
 * it does not replace, each saying which it is (the workflow service decides).
 *
 * @param builtIn true for a template Kiln ships (not an inventory entity: it has no version, and a template of the same
 *                name created in the inventory replaces it)
 */
record WorkflowTemplateView(String name, String description, List<WorkflowStep> steps, boolean builtIn) {

    static List<WorkflowTemplateView> all(Workflows w) {
        return w.templates().stream().map(t -> of(t, w.isBuiltIn(t.name()))).toList();
    }

    static WorkflowTemplateView of(WorkflowTemplate t, boolean builtIn) {
        return new WorkflowTemplateView(t.name(), t.description(), t.steps(), builtIn);
    }
}
