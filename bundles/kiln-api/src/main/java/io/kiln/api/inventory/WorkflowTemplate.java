package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How Kiln provisions a host, as an ordered list of steps: a declarative inventory entity ({@code workflows/NAME.yaml}
 * beside {@code hosts/}), named by roles ({@link Role#workflow()}). A run copies the template it starts with, so
 * editing a template changes the runs started after the edit only. Kiln ships {@code ztp} (the default),
 * {@code reprovision}, {@code deprovision}, {@code firmware-refresh} and {@code attach}; a template of the same name replaces its
 * built-in one.
 *
 * @param name        unique name
 * @param description free text
 * @param steps       the steps, run in order; names unique within the template
 */
public record WorkflowTemplate(String name, String description, List<WorkflowStep> steps) {
    /** The templates Kiln ships; a role may name them without the inventory holding them. */
    public static final Set<String> BUILT_IN = Set.of("ztp", "reprovision", "deprovision", "firmware-refresh", "attach");

    public WorkflowTemplate {
        name = Names.require("workflow name", name);
        description = description == null ? "" : description.trim();
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (steps.isEmpty()) throw KilnException.invalid("workflow '" + name + "': steps: at least one step is needed");
        Set<String> seen = new HashSet<>();
        for (WorkflowStep s : steps) {
            if (!seen.add(s.name())) throw KilnException.invalid("workflow '" + name + "': two steps are named '" + s.name() + "'");
        }
    }

    /** The step of that name, or null. */
    public WorkflowStep step(String stepName) {
        for (WorkflowStep s : steps) if (s.name().equals(stepName)) return s;
        return null;
    }
}
