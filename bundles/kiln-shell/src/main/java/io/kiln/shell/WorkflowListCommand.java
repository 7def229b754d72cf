package io.kiln.shell;

import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:workflow-list: every host's current or last workflow run, the stuck ones first. */
@Service
@Command(scope = "kiln", name = "workflow-list", description = "List every host's workflow run: failed and quarantined first, then running, then ended")
public class WorkflowListCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;

    @Option(name = "--active", description = "only runs that have not ended")
    boolean active;

    @Override
    protected Object run() {
        List<WorkflowRun> runs = Runs.require(workflows).runs().stream().filter(r -> !active || r.state().active())
                .sorted(Comparator.comparingInt((WorkflowRun r) -> rank(r.state())).thenComparing(WorkflowRun::host)).toList();
        if (runs.isEmpty()) {
            System.out.println(active ? "No workflow runs." : "No host has run a workflow yet.");
            return null;
        }
        System.out.println(String.format("%-20s %-18s %-13s %-26s %-20s %s", "HOST", "WORKFLOW", "STATE", "STEP", "UPDATED", "REASON"));
        for (WorkflowRun r : runs) {
            String reason = r.reason().length() > 80 ? r.reason().substring(0, 77) + "..." : r.reason();
            System.out.println(String.format("%-20s %-18s %-13s %-26s %-20s %s", r.host(), r.template(), r.state(), Runs.position(r), Runs.at(r.updated()), reason));
        }
        return null;
    }

    private static int rank(RunState s) {
        return switch (s) {
            case FAILED, QUARANTINED -> 0;
            case ROLLING_BACK -> 1;
            case RUNNING -> 2;
            default -> 3;
        };
    }
}
