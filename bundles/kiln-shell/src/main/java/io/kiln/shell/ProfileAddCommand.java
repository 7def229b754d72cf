package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.ImageRef;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Inventory;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:profile-add: defines what hosts boot (kernel, initrds, command line). */
@Service
@Command(scope = "kiln", name = "profile-add", description = "Define a boot (OS) profile: kernel, initrds, kernel command line, disk image and install method")
public class ProfileAddCommand extends KilnAction {

    @Reference Inventory inventory;

    @Reference(optional = true) ProvisioningFiles files;

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

    @Option(name = "--image", description = "disk image the node agent writes: http(s) URL or artifact path (needs --sha256)")
    String image;

    @Option(name = "--sha256", description = "the image's sha256 (64 hex digits)")
    String sha256;

    @Option(name = "--install", description = "how the OS gets on disk: image (default), autoinstall, kickstart or preseed")
    String install;

    @Option(name = "--template", multiValued = true, description = "template override FILE=TEMPLATE, e.g. cloud-init/user-data=acme/user-data"
            + " (a template in the template directory; repeatable; with --replace, replaces the profile's overrides)")
    List<String> templateOverrides;

    @Option(name = "--replace", description = "replace an existing profile of that name instead of failing")
    boolean replace;

    @Override
    protected Object run() {
        if (sha256 != null && image == null) throw KilnException.invalid("--sha256 needs --image");
        // without --template, a replace keeps the overrides the profile has
        Map<String, String> templates = templateOverrides != null ? Vars.templates(templateOverrides)
                : replace ? inventory.profile(name).map(BootProfile::templates).orElse(null) : null;
        BootProfile p = new BootProfile(name, kernel, initrds, cmdline, description, image == null ? null : new ImageRef(image, sha256),
                Enums.parse(InstallMethod.class, install, "--install"), templates);
        System.out.println(Saves.save(inventory, p, replace) + ": kernel " + p.kernel() + Saves.warnings(files, EntityKind.PROFILE, p.name()));
        return null;
    }
}
