package io.kiln.boot.internal;

import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.template.RenderedFile;
import io.kiln.api.template.TemplateRenderer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders a host's per-host file the one way it is served: which files exist (servlet path and file name), which
 * template renders each ({@link TemplateChoice}) and with what variables ({@link ProvisioningVariables}). The
 * servlet serves with it and {@link ProvisioningFilesImpl} checks with it, so a check is the served answer.
 */
final class ProvisioningFileRenderer {
    /** (servlet path, file) -> built-in template; anything else is 404. */
    static final Map<String, String> TEMPLATES = Map.of(
            "/cloud-init:meta-data", "cloud-init/meta-data",
            "/cloud-init:user-data", "cloud-init/user-data",
            "/cloud-init:network-config", "cloud-init/network-config",
            "/autoinstall:user-data", "autoinstall/user-data",
            "/autoinstall:meta-data", "cloud-init/meta-data",
            "/kickstart:ks.cfg", "kickstart/ks.cfg",
            "/preseed:preseed.cfg", "preseed/preseed.cfg");

    static final TemplateChoice CHOICE = new TemplateChoice(TEMPLATES.values());

    /** The files each install method's installer asks for, as (servlet path, file). */
    static final Map<InstallMethod, List<String[]>> FILES = Map.of(
            InstallMethod.IMAGE, List.of(new String[] {"/cloud-init", "meta-data"}, new String[] {"/cloud-init", "user-data"},
                    new String[] {"/cloud-init", "network-config"}),
            InstallMethod.AUTOINSTALL, List.of(new String[] {"/autoinstall", "meta-data"}, new String[] {"/autoinstall", "user-data"}),
            InstallMethod.KICKSTART, List.<String[]>of(new String[] {"/kickstart", "ks.cfg"}),
            InstallMethod.PRESEED, List.<String[]>of(new String[] {"/preseed", "preseed.cfg"}));

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProvisioningFileRenderer.class);

    private final Inventory inventory;
    private final TemplateRenderer renderer;
    /** The hardware plugins service, or null while it is not running (the files then carry no driver plan). */
    private final Supplier<HardwareService> hardware;

    ProvisioningFileRenderer(Inventory inventory, TemplateRenderer renderer) {
        this(inventory, renderer, () -> null);
    }

    ProvisioningFileRenderer(Inventory inventory, TemplateRenderer renderer, Supplier<HardwareService> hardware) {
        this.inventory = inventory;
        this.renderer = renderer;
        this.hardware = hardware;
    }

    /**
     * The host's driver plan, or null when the hardware service is not running. A plan's problems (a plugin that
     * failed) are logged; the file is rendered with what the other plugins selected.
     */
    DriverPlan drivers(HostContext host) {
        HardwareService hw = hardware.get();
        if (hw == null) return null;
        try {
            DriverPlan plan = hw.drivers(host.host().name());
            for (String p : plan.problems()) LOG.warn("host {}: driver plan: {}", host.host().name(), p);
            return plan;
        } catch (RuntimeException e) {
            LOG.warn("host {}: no driver plan: {}", host.host().name(), e.getMessage());
            return null;
        }
    }

    /** A rendered file and the template choice behind it. */
    record Result(RenderedFile file, TemplateChoice.Choice choice) {
    }

    /** The built-in template of a served file, or null when Kiln serves no such file. */
    static String template(String servletPath, String file) {
        return TEMPLATES.get(servletPath + ":" + file);
    }

    /** The profile the host boots now: the installer it runs is the one these files answer for. */
    BootProfile profile(HostContext host) {
        return host.bootProfile() == null ? null : inventory.profile(host.bootProfile()).orElse(null);
    }

    /** The template that renders a file for this host (the profile's override, the role's set, or the built-in one). */
    TemplateChoice.Choice choose(HostContext host, String builtIn) {
        return CHOICE.choose(builtIn, profile(host), host.role(), renderer::templates);
    }

    /** @throws io.kiln.api.KilnException as the renderer and the template choice do */
    Result render(HostContext host, String builtIn, String kilnUrl) {
        TemplateChoice.Choice choice = choose(host, builtIn);
        return new Result(renderer.render(choice.template(), ProvisioningVariables.build(host, profile(host), kilnUrl, drivers(host))), choice);
    }
}
