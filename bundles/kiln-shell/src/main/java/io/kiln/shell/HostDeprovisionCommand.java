package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:host-deprovision: Wipe a host's disk, power it off and release it (workflow deprovision) */
@Service
@Command(scope = "kiln", name = "host-deprovision", description = "Wipe a host's disk, power it off and release it (workflow deprovision)")
public class HostDeprovisionCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Override
    protected Object run() {
        System.out.println(Runs.summary(Runs.require(workflows).start(host, "deprovision", Operators.name(session))));
        return null;
    }
}
