package io.kiln.api.template;

import io.kiln.api.KilnException;

/**
 * A provisioning config rendered completely: what a host receives, byte for byte.
 *
 * @param template    name of the template it came from, e.g. "cloud-init/user-data"
 * @param contentType HTTP Content-Type to serve it with, e.g. "text/cloud-config; charset=utf-8"
 * @param content     the whole rendered file
 */
public record RenderedFile(String template, String contentType, String content) {
    public RenderedFile {
        if (template == null || template.isBlank()) throw KilnException.invalid("rendered file without a template name");
        if (contentType == null || contentType.isBlank()) throw KilnException.invalid("rendered file '" + template + "' without a content type");
        if (content == null) throw KilnException.invalid("rendered file '" + template + "' without content");
    }
}
