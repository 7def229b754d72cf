package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:workflow-cancel: Stop a host's workflow where it is (no rollback) */
@Service
@Command(scope = "kiln", name = "workflow-cancel", description = "Stop a host's workflow where it is (no rollback)")
public class WorkflowCancelCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Override
    protected Object run() {
        System.out.println(Runs.summary(Runs.require(workflows).cancel(host, Operators.name(session))));
        return null;
    }
}
