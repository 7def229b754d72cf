package io.kiln.shell;

import io.kiln.api.workflow.Rollout;
import io.kiln.api.workflow.Workflows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:rollout-stop: no further batch starts. */
@Service
@Command(scope = "kiln", name = "rollout-stop", description = "Stop a rollout: no further batch starts (runs already started go on)")
public class RolloutStopCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Session session;

    @Argument(index = 0, name = "name", required = true, description = "the rollout")
    String name;

    @Override
    protected Object run() {
        Rollout r = Runs.require(workflows).stopRollout(name, Operators.name(session));
        System.out.println("Rollout " + r.name() + ": " + r.state() + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"));
        return null;
    }
}
