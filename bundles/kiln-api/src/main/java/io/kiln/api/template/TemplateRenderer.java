package io.kiln.api.template;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Renders provisioning configs from templates: built-in ones, each of which an operator's file of the same name in
 * the template directory replaces. A file is rendered completely before it is returned, so a host never receives
 * half of one.
 */
@ProviderType
public interface TemplateRenderer {

    /**
     * Renders one template.
     *
     * @param template  template name, e.g. "cloud-init/user-data" (see {@link #templates()})
     * @param variables the host's resolved variables as a nested map (e.g. {@code host -> {name, macs}},
     *                  {@code site -> {domain, dns}}); values are strings, numbers, booleans, lists and maps
     * @return the whole rendered file
     * @throws io.kiln.api.KilnException kind NOT_FOUND for an unknown template; kind INVALID when the template
     *         cannot be rendered, with a message naming the template, the line and the cause, e.g.
     *         "template cloud-init/user-data line 7: variable 'site.ntp' is not defined"
     */
    RenderedFile render(String template, Map<String, Object> variables);

    /** @return the names of the templates that can be rendered, sorted: the built-in ones and the operator's */
    List<String> templates();
}
