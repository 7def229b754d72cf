package io.kiln.shell;

import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:cluster-add: hosts of a site that become one cluster; refused with every broken rule at once. */
@Service
@Command(scope = "kiln", name = "cluster-add", description = "Define a cluster: its site, members and roles, machine network and VIPs")
public class ClusterAddCommand extends KilnAction {

    @Reference Inventory inventory;

    @Reference(optional = true) ProvisioningFiles files;

    @Argument(index = 0, name = "name", required = true, description = "cluster name")
    String name;

    @Option(name = "--site", aliases = "-s", required = true, description = "site the cluster lives at")
    String site;

    @Option(name = "--member", aliases = "-m", multiValued = true, description = "host[:control-plane|worker] (repeatable; default worker)")
    List<String> members;

    @Option(name = "--network", description = "machine network CIDR, e.g. 10.20.0.0/24")
    String network;

    @Option(name = "--api-vip", description = "API virtual IP (single node: the host's address)")
    String apiVip;

    @Option(name = "--ingress-vip", description = "ingress virtual IP (single node: the host's address)")
    String ingressVip;

    @Option(name = "--var", multiValued = true, description = "cluster variable key=value (repeatable; above role and site, below host)")
    List<String> vars;

    @Option(name = "--replace", description = "replace an existing cluster of that name instead of failing")
    boolean replace;

    @Override
    protected Object run() {
        Cluster c = new Cluster(name, site, Members.parse(members), network, apiVip, ingressVip, Vars.parse(vars));
        System.out.println(Saves.save(inventory, c, replace) + ": " + (c.singleNode() ? "single node " : c.members().size() + " nodes ")
                + Members.show(c.members()) + Saves.warnings(files, EntityKind.CLUSTER, c.name()));
        return null;
    }
}
