package io.kiln.api.hardware;

import java.util.List;

/**
 * A deployed vendor plugin.
 *
 * @param name       its name, as a host names it ({@code bmc.plugin})
 * @param bundle     the bundle that registered it (symbolic name)
 * @param version    that bundle's version
 * @param interfaces the hardware interfaces it implements: power, boot, virtual-media, firmware, inspection,
 *                   driver-selection
 * @param claims     what it says it serves (its {@code kiln.claims} service property, its PCI vendors), or empty
 */
public record PluginInfo(String name, String bundle, String version, List<String> interfaces, String claims) {
    public PluginInfo {
        interfaces = List.copyOf(interfaces);
        claims = claims == null ? "" : claims;
    }
}
