package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:workflow-show: Show a host's workflow run: each step, its attempts, timestamps and last log lines */
@Service
@Command(scope = "kiln", name = "workflow-show", description = "Show a host's workflow run: each step, its attempts, timestamps and last log lines")
public class WorkflowShowCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Option(name = "--log", description = "log lines per step (default 3)")
    int log = 3;

    @Override
    protected Object run() {
        WorkflowRun r = Runs.require(workflows).run(host).orElse(null);
        if (r == null) {
            System.out.println("Host " + host + " has never run a workflow (a ZTP host's starts by itself; kiln:workflow-start " + host + ")");
            return null;
        }
        Runs.print(r, Math.max(0, log));
        return null;
    }
}
