package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.workflow.Rollout;
import io.kiln.api.workflow.Workflows;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:rollout-start: a workflow on many hosts in batches, with a failure budget. */
@Service
@Command(scope = "kiln", name = "rollout-start", description = "Run a workflow on many hosts in batches (e.g. a firmware refresh across a site); stop once more than --max-failures fail")
public class RolloutStartCommand extends KilnAction {

    @Reference(optional = true) Workflows workflows;
    @Reference Inventory inventory;
    @Reference Session session;

    @Argument(index = 0, name = "name", required = true, description = "the rollout's name")
    String name;

    @Argument(index = 1, name = "hosts", multiValued = true, description = "the hosts (or --site)")
    List<String> hosts;

    @Option(name = "--site", description = "every host of this site with a BMC")
    String site;

    @Option(name = "--template", description = "the workflow each host runs (default firmware-refresh)")
    String template = "firmware-refresh";

    @Option(name = "--batch", description = "hosts per batch (default 5)")
    int batch = 5;

    @Option(name = "--max-failures", description = "the failure budget: no further batch once more runs than this failed (default 0)")
    int maxFailures;

    @Option(name = "--var", multiValued = true, description = "the runs' own variable key=value, e.g. firmware.image=http://... (repeatable)")
    List<String> vars;

    @Override
    protected Object run() {
        List<String> targets = new ArrayList<>(hosts == null ? List.of() : hosts);
        if (site != null) {
            for (Host h : inventory.hosts()) if (site.equals(h.site()) && h.bmc() != null && !targets.contains(h.name())) targets.add(h.name());
            if (targets.isEmpty()) throw KilnException.invalid("site '" + site + "' has no host with a BMC");
        }
        if (targets.isEmpty()) throw KilnException.invalid("name the hosts, or --site SITE");
        Rollout r = Runs.require(workflows).startRollout(name, template, targets, batch, maxFailures, Vars.parse(vars), Operators.name(session));
        System.out.println("Rollout " + r.name() + ": " + r.template() + " on " + r.hosts().size() + " host(s), batches of " + r.batchSize()
                + ", failure budget " + r.maxFailures() + "; " + r.started() + " started. Follow it with kiln:rollout-list");
        return null;
    }
}
