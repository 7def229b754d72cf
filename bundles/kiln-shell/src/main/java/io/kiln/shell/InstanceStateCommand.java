package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Versioned;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * kiln:instance-state: records where an instance's provisioning stands (its status, as PUT
 * /api/v1/instances/{host}/status does; normally the workflow's), e.g. that a host installed by hand runs.
 */
@Service
@Command(scope = "kiln", name = "instance-state", description = "Set an instance's current provisioning state (its status)")
public class InstanceStateCommand extends KilnAction {

    @Reference Inventory inventory;

    @Option(name = "--current", required = true, description = "pending, provisioning, running, error or deleted")
    String current;

    @Argument(index = 0, name = "host", required = true, description = "the instance's host")
    String host;

    @Override
    protected Object run() {
        ProvisioningState c = Enums.parse(ProvisioningState.class, current, "--current");
        Versioned<InstanceStatus> status = inventory.instanceStatus(host)
                .orElseThrow(() -> KilnException.notFound("host '" + host + "' has no instance"));
        Versioned<InstanceStatus> saved = inventory.saveStatus(new InstanceStatus(host, c), status.version());
        System.out.println("Instance " + host + " (status version " + saved.version() + "): current " + Enums.word(saved.value().current()));
        return null;
    }
}
