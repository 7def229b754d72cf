package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:host-detach: Stop managing a host and leave it as it is: its run is cancelled, no workflow starts, its network boot goes to its disk */
@Service
@Command(scope = "kiln", name = "host-detach", description = "Stop managing a host and leave it as it is: its run is cancelled, no workflow starts, its network boot goes to its disk")
public class HostDetachCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Override
    protected Object run() {
        WorkflowRun r = Runs.require(workflows).detach(host, Operators.name(session));
        System.out.println("Host " + host + " is detached: " + r.reason());
        return null;
    }
}
