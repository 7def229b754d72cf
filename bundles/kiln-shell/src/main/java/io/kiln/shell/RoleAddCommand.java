package io.kiln.shell;

import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Role;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:role-add: what machines are for (OS profile, packages, variables). */
@Service
@Command(scope = "kiln", name = "role-add", description = "Define a role: the OS profile it installs, extra packages, variables")
public class RoleAddCommand extends KilnAction {

    @Reference Inventory inventory;

    @Reference(optional = true) ProvisioningFiles files;

    @Argument(index = 0, name = "name", required = true, description = "role name, e.g. k8s-worker")
    String name;

    @Option(name = "--description", aliases = "-d", description = "free text")
    String description;

    @Option(name = "--profile", aliases = "-p", description = "OS profile the role installs")
    String profile;

    @Option(name = "--package", multiValued = true, description = "extra package (repeatable)")
    List<String> packages;

    @Option(name = "--template-set", description = "template set for its configs (default: the profile's)")
    String templateSet;

    @Option(name = "--workflow", description = "the workflow template that provisions the role's hosts (default ztp; kiln:workflow-templates)")
    String workflow;

    @Option(name = "--var", multiValued = true, description = "role variable key=value (repeatable; above site, below cluster and host)")
    List<String> vars;

    @Option(name = "--replace", description = "replace an existing role of that name instead of failing")
    boolean replace;

    @Override
    protected Object run() {
        Role r = new Role(name, description, profile, packages, templateSet, Vars.parse(vars), workflow);
        System.out.println(Saves.save(inventory, r, replace) + Saves.warnings(files, EntityKind.ROLE, r.name()));
        return null;
    }
}
