package io.kiln.shell;

import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:host-release: Release a host its workflow quarantined (a failed gate): it onboards again and its workflow goes on */
@Service
@Command(scope = "kiln", name = "host-release", description = "Release a host its workflow quarantined (a failed gate): it onboards again and its workflow goes on")
public class HostReleaseCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Option(name = "--skip-gate", description = "do not check the gate that failed again (the operator vouches for the host)")
    boolean skipGate;

    @Override
    protected Object run() {
        WorkflowRun r = Runs.require(workflows).release(host, skipGate, Operators.name(session));
        System.out.println(Runs.summary(r) + "\nThe host is REGISTERED: reboot it into the network so its agent onboards again"
                + " (a host with a BMC: kiln:bmc-power " + host + " cycle)");
        return null;
    }
}
