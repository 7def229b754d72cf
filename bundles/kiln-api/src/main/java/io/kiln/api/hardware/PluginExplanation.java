package io.kiln.api.hardware;

import java.util.List;

/**
 * Which plugin serves each hardware interface of a host, as {@code kiln:plugin-explain} shows it.
 *
 * @param host        the inventory host
 * @param bmc         its BMC address, or null when it has none
 * @param namedPlugin the plugin the host names ({@code bmc.plugin}), or null when plugins claim its BMC
 * @param preference  the configured preference order the choice followed
 * @param interfaces  one choice per hardware interface
 */
public record PluginExplanation(String host, String bmc, String namedPlugin, List<String> preference, List<InterfaceChoice> interfaces) {
    public PluginExplanation {
        preference = List.copyOf(preference);
        interfaces = List.copyOf(interfaces);
    }
}
