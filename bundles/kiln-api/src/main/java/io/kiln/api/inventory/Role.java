package io.kiln.api.inventory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a machine is for (e.g. k8s-worker, storage, pos-gateway).
 *
 * @param name        unique name
 * @param description free text
 * @param profile     OS profile the role installs
 * @param packages    extra packages
 * @param templateSet name of the template set for its configs, or null: set S renders a host's file T (e.g.
 *                    "cloud-init/user-data") from the operator's template S/T when that exists; the profile's
 *                    own overrides come first, the built-in template when neither has the file
 * @param variables   role variables, above site and below cluster and host in precedence
 * @param workflow    the workflow template that provisions its hosts, or null for Kiln's default ({@code ztp})
 */
public record Role(String name, String description, String profile, List<String> packages, String templateSet,
                   Map<String, String> variables, String workflow) {
    public Role {
        name = Names.require("role name", name);
        description = description == null ? "" : description.trim();
        profile = Host.blankToNull(profile);
        if (profile != null) Names.require("profile name", profile);
        packages = packages == null ? List.of() : List.copyOf(packages);
        templateSet = Host.blankToNull(templateSet);
        variables = variables == null ? Map.of() : Map.copyOf(new TreeMap<>(variables));
        workflow = Host.blankToNull(workflow);
        if (workflow != null) Names.require("workflow name", workflow);
    }

    /** A role that names no workflow (Kiln's default provisions its hosts). */
    public Role(String name, String description, String profile, List<String> packages, String templateSet, Map<String, String> variables) {
        this(name, description, profile, packages, templateSet, variables, null);
    }
}
