package io.kiln.shell;

import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.workflow.Workflows;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:workflow-templates: the templates a run can start from, their steps, and what is wrong with any. */
@Service
@Command(scope = "kiln", name = "workflow-templates", description = "List the workflow templates (the inventory's and the built-in ones), their steps and problems")
public class WorkflowTemplatesCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;

    @Option(name = "--actions", description = "list the action types a step can name instead")
    boolean actions;

    @Override
    protected Object run() {
        Workflows w = Runs.require(workflows);
        if (actions) {
            System.out.println(String.format("%-16s %-9s %-14s %s", "TYPE", "ON", "IDEMPOTENT", "WHAT (PARAMETERS)"));
            for (String line : w.actionTypes()) System.out.println(line);
            return null;
        }
        for (WorkflowTemplate t : w.templates()) {
            String origin = w.isBuiltIn(t.name()) ? " (built in)"
                    : WorkflowTemplate.BUILT_IN.contains(t.name()) ? " (the inventory's, replacing the built-in one)" : "";
            System.out.println(t.name() + origin + ": " + t.description());
            for (WorkflowStep s : t.steps()) {
                System.out.println("  - " + s.name() + (s.name().equals(s.type()) ? "" : " (" + s.type() + ")")
                        + (s.parameters().isEmpty() ? "" : " " + s.parameters())
                        + (s.retries() > 0 ? " retries " + s.retries() + ", backoff " + s.backoffSeconds() + " s" : "")
                        + (s.gates().isEmpty() ? "" : " gates " + s.gates())
                        + (s.compensate() == null ? "" : " undo: " + s.compensate().type()));
            }
            List<String> problems = w.check(t);
            for (String p : problems) System.out.println("  PROBLEM: " + p);
        }
        return null;
    }
}
