package io.kiln.shell;

import io.kiln.api.workflow.Rollout;
import io.kiln.api.workflow.Workflows;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:rollout-list: the rollouts, newest first, with what failed and why. */
@Service
@Command(scope = "kiln", name = "rollout-list", description = "List the rollouts: progress, failures and why each stopped")
public class RolloutListCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;

    @Override
    protected Object run() {
        var list = Runs.require(workflows).rollouts();
        if (list.isEmpty()) System.out.println("No rollouts.");
        for (Rollout r : list) {
            System.out.println(r.name() + ": " + r.state() + ", workflow " + r.template() + ", " + r.started() + "/" + r.hosts().size()
                    + " started, " + r.succeeded().size() + " succeeded, " + r.failed().size() + " failed (budget " + r.maxFailures() + "), batches of "
                    + r.batchSize() + "; started " + Runs.at(r.created()) + " by " + r.createdBy() + (r.reason().isEmpty() ? "" : "\n  " + r.reason()));
            for (Map.Entry<String, String> f : r.failed().entrySet()) System.out.println("  failed " + f.getKey() + ": " + f.getValue());
        }
        return null;
    }
}
