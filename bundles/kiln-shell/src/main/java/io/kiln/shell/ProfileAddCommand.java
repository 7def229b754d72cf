package io.kiln.shell;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Inventory;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:profile-add: defines what hosts boot (kernel, initrds, command line). */
@Service
@Command(scope = "kiln", name = "profile-add", description = "Define a boot profile: kernel, initrds, kernel command line")
public class ProfileAddCommand implements Action {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "profile name")
    String name;

    @Option(name = "--kernel", aliases = "-k", required = true, description = "kernel: http(s) URL or path under the artifact store")
    String kernel;

    @Option(name = "--initrd", aliases = "-i", multiValued = true, description = "initrd: URL or artifact path (repeatable, in order)")
    List<String> initrds;

    @Option(name = "--cmdline", aliases = "-c", description = "kernel command line; ${host} ${mac} ${uuid} ${serial} ${kiln.url} and host vars are filled in")
    String cmdline;

    @Option(name = "--description", aliases = "-d", description = "free text")
    String description;

    @Option(name = "--replace", description = "replace an existing profile of that name instead of failing")
    boolean replace;

    @Override
    public Object execute() {
        BootProfile p = new BootProfile(name, kernel, initrds, cmdline, description);
        BootProfile saved = replace && inventory.profile(name).isPresent() ? inventory.updateProfile(p) : inventory.addProfile(p);
        System.out.println((replace ? "Saved" : "Added") + " profile " + saved.name() + " (kernel " + saved.kernel() + ")");
        return null;
    }
}
