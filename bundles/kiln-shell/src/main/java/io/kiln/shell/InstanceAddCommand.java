package io.kiln.shell;

import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningState;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:instance-add: the operating system a host should run. */
@Service
@Command(scope = "kiln", name = "instance-add", description = "Define a host's instance: the OS profile it runs and the state wanted")
public class InstanceAddCommand extends KilnAction {

    @Reference Inventory inventory;

    @Reference(optional = true) ProvisioningFiles files;

    @Argument(index = 0, name = "host", required = true, description = "host name (one instance per host)")
    String host;

    @Option(name = "--profile", aliases = "-p", required = true, description = "OS profile")
    String profile;

    @Option(name = "--desired", description = "pending, provisioning, running (default), error or deleted")
    String desired;

    @Option(name = "--replace", description = "replace the host's existing instance instead of failing")
    boolean replace;

    @Override
    protected Object run() {
        Instance i = new Instance(host, profile, Enums.parse(ProvisioningState.class, desired, "--desired"), null);
        Saves.Saved saved = Saves.save(inventory, i, replace);
        System.out.println(saved + " -> profile " + i.profile() + ", current " + Enums.word(((Instance) saved.stored().value()).current())
                + Saves.warnings(files, EntityKind.INSTANCE, i.host()));
        return null;
    }
}
