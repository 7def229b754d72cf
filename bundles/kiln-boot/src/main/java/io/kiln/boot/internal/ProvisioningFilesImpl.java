package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.FileCheck;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.template.TemplateRenderer;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Renders a host's per-host files as they would be served, so a failure shows before the machine is powered on. */
@Component(service = ProvisioningFiles.class)
public class ProvisioningFilesImpl implements ProvisioningFiles {
    /** The files name Kiln's URL; any URL renders the same way, so the check does not depend on the request. */
    static final String CHECK_URL = "http://kiln:8080";

    private final Inventory inventory;
    private final ProvisioningFileRenderer files;

    @Activate
    public ProvisioningFilesImpl(@Reference Inventory inventory, @Reference TemplateRenderer renderer) {
        this.inventory = inventory;
        this.files = new ProvisioningFileRenderer(inventory, renderer);
    }

    @Override
    public List<FileCheck> check(String host) {
        HostContext c = inventory.context(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        BootProfile profile = files.profile(c);
        if (profile == null) return List.of();
        List<FileCheck> out = new ArrayList<>();
        for (String[] f : ProvisioningFileRenderer.FILES.get(profile.install())) {
            String path = f[0] + "/" + host + "/" + f[1];
            String builtIn = ProvisioningFileRenderer.template(f[0], f[1]);
            String template = null;
            try {
                template = files.choose(c, builtIn).template();
                files.render(c, builtIn, CHECK_URL);
                out.add(new FileCheck(path, template, null));
            } catch (KilnException | IllegalArgumentException e) {
                out.add(new FileCheck(path, template, e.getMessage()));
            }
        }
        return out;
    }
}
