package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:workflow-start: Start a workflow for a host (default: the one its role names, else ztp) */
@Service
@Command(scope = "kiln", name = "workflow-start", description = "Start a workflow for a host (default: the one its role names, else ztp)")
public class WorkflowStartCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Argument(index = 1, name = "template", description = "the workflow template (kiln:workflow-templates lists them)")
    String template;

    @Override
    protected Object run() {
        WorkflowRun r = Runs.require(workflows).start(host, template, Operators.name(session));
        System.out.println(Runs.summary(r) + "\nFollow it with kiln:workflow-show " + host + " (or kiln:host-events " + host + ")");
        return null;
    }
}
