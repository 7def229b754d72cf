package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:host-attach: Manage a host again, or adopt one that runs already: its instance becomes RUNNING as it is (workflow attach) */
@Service
@Command(scope = "kiln", name = "host-attach", description = "Manage a host again, or adopt one that runs already: its instance becomes RUNNING as it is (workflow attach)")
public class HostAttachCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Override
    protected Object run() {
        System.out.println(Runs.summary(Runs.require(workflows).attach(host, Operators.name(session))));
        return null;
    }
}
