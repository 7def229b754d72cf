package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.List;

/**
 * What a host boots once it runs iPXE: a kernel, its initrds and a kernel command line.
 *
 * <p>{@code kernel} and {@code initrds} are either absolute http(s) URLs or paths relative to Kiln's artifact
 * store (served at {@code /artifacts/}). The command line may use {@code ${host}}, {@code ${mac}},
 * {@code ${uuid}}, {@code ${serial}}, {@code ${kiln.url}} and the host's own variables.
 *
 * @param name        unique name
 * @param kernel      kernel URL or artifact path
 * @param initrds     initrd URLs or artifact paths, in load order
 * @param cmdline     kernel command line template
 * @param description free text for operators
 * @param image       disk image the node agent writes (install method IMAGE), or null
 * @param install     how the OS gets on disk (default IMAGE)
 * @param templates   template overrides by config name, may be empty: key the built-in template's name (e.g.
 *                    "cloud-init/user-data"), or its file name when only one served file has it ("ks.cfg",
 *                    "meta-data"; not "user-data", which is two); value a template in the operator's template
 *                    directory (e.g. "acme/user-data"). Beats the role's template set; see kiln-templates' README
 */
public record BootProfile(String name, String kernel, List<String> initrds, String cmdline, String description,
                          ImageRef image, InstallMethod install, java.util.Map<String, String> templates) {

    public BootProfile {
        name = Names.require("profile name", name);
        if (kernel == null || kernel.isBlank()) throw KilnException.invalid("profile '" + name + "' needs a kernel");
        kernel = kernel.trim();
        checkLocation(name, kernel);
        initrds = initrds == null ? List.of() : List.copyOf(initrds.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        for (String i : initrds) checkLocation(name, i);
        cmdline = cmdline == null ? "" : cmdline.trim();
        if (cmdline.indexOf('\n') >= 0 || cmdline.indexOf('\r') >= 0) {
            throw KilnException.invalid("profile '" + name + "': the command line must be one line");
        }
        description = description == null ? "" : description.trim();
        install = install == null ? InstallMethod.IMAGE : install;
        templates = templates == null ? java.util.Map.of() : java.util.Map.copyOf(new java.util.TreeMap<>(templates));
    }

    /** A profile that only boots (kernel, initrds, command line). */
    public BootProfile(String name, String kernel, List<String> initrds, String cmdline, String description) {
        this(name, kernel, initrds, cmdline, description, null, null, null);
    }

    private static void checkLocation(String profile, String loc) {
        boolean url = loc.startsWith("http://") || loc.startsWith("https://");
        if (!url && (loc.startsWith("/") || loc.contains("..") || loc.contains("\\") || loc.chars().anyMatch(Character::isWhitespace))) {
            throw KilnException.invalid("profile '" + profile + "': '" + loc
                    + "' must be an http(s) URL or a relative artifact path without '..' or spaces");
        }
    }
}
