package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.FileCheck;
import io.kiln.api.boot.FileWarnings;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.template.TemplateRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders a host's per-host files as they would be served, so a failure shows before the machine is powered on. */
@Component(service = ProvisioningFiles.class)
public class ProvisioningFilesImpl implements ProvisioningFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningFilesImpl.class);
    private final Inventory inventory;
    private final ProvisioningFileRenderer files;
    /**
     * The same without driver plans, for the checks after a write: a plan only adds checked words to a file, so it
     * cannot make one fail, and a write that touches many hosts must not call into plugins for each (a hung one
     * would hold the write for its timeout, per host).
     */
    private final ProvisioningFileRenderer withoutDrivers;
    /** Optional: without it the files carry no driver plan; its coming and going never restarts this component. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile HardwareService hardware;

    @Activate
    public ProvisioningFilesImpl(@Reference Inventory inventory, @Reference TemplateRenderer renderer) {
        this.inventory = inventory;
        this.files = new ProvisioningFileRenderer(inventory, renderer, () -> this.hardware);
        this.withoutDrivers = new ProvisioningFileRenderer(inventory, renderer);
    }

    @Override
    public List<FileCheck> check(String host) {
        return check(host, files);
    }

    @Override
    public io.kiln.api.template.RenderedFile render(String path, String kilnUrl) {
        String[] p = path == null ? new String[0] : path.split("/");
        // "", servlet, host, file
        if (p.length != 4 || !p[0].isEmpty()) throw KilnException.notFound("expected /<kind>/<host>/<file>, e.g. /cloud-init/edge-1/user-data: " + path);
        String builtIn = ProvisioningFileRenderer.template("/" + p[1], p[3]);
        if (builtIn == null) throw KilnException.notFound("Kiln serves no file at " + path);
        HostContext c = inventory.context(p[2]).orElseThrow(() -> KilnException.notFound("no host named '" + p[2] + "'"));
        try {
            return files.render(c, builtIn, kilnUrl == null || kilnUrl.isBlank() ? PREVIEW_KILN_URL : kilnUrl).file();
        } catch (IllegalArgumentException e) {
            throw KilnException.invalid(path + ": " + e.getMessage());
        }
    }

    private List<FileCheck> check(String host, ProvisioningFileRenderer files) {
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
                // the files name Kiln's URL; any URL renders the same way, so the check does not depend on a request
                files.render(c, builtIn, PREVIEW_KILN_URL);
                out.add(new FileCheck(path, template, null));
            } catch (KilnException | IllegalArgumentException e) {
                out.add(new FileCheck(path, template, e.getMessage()));
            }
        }
        return out;
    }

    @Override
    public FileWarnings afterWrite(EntityKind kind, String name, int maxHosts) {
        List<String> hosts = affected(kind, name);
        Map<String, List<FileCheck>> failing = new TreeMap<>();
        int checked = 0;
        for (String h : hosts) {
            if (checked >= maxHosts) break;
            checked++;
            List<FileCheck> bad = check(h, withoutDrivers).stream().filter(c -> !c.ok()).toList();
            if (!bad.isEmpty()) failing.put(h, bad);
        }
        FileWarnings w = new FileWarnings(hosts.size(), checked, failing);
        for (String line : w.lines()) LOG.warn("after the write of {} '{}': {}", kind.singular(), name, line);
        return w;
    }

    /** The hosts whose files a write of this entity may change. */
    private List<String> affected(EntityKind kind, String name) {
        return switch (kind) {
            case HOST, INSTANCE -> inventory.host(name).isPresent() ? List.of(name) : List.of();
            case CLUSTER -> inventory.get(Cluster.class, name).map(c -> c.value().members().stream().map(ClusterMember::host).toList())
                    .orElse(List.of());
            case SITE -> inventory.hosts().stream().filter(h -> name.equals(h.site())).map(Host::name).toList();
            case ROLE -> inventory.hosts().stream().filter(h -> name.equals(h.role())).map(Host::name).toList();
            case PROFILE -> inventory.hosts().stream()
                    .filter(h -> inventory.context(h.name()).map(c -> name.equals(c.bootProfile())).orElse(false)).map(Host::name).toList();
            case WORKFLOW -> List.of(); // a workflow renders no file
        };
    }
}
