package io.kiln.api.hardware;

import java.util.List;

/**
 * Which plugin serves one hardware interface of a host, and why.
 *
 * @param hardwareInterface power, boot, virtual-media, firmware or inspection
 * @param plugin            the plugin chosen, or null when none serves it
 * @param why               why that plugin (or why none)
 * @param considered        the other plugins looked at, each with why it was not chosen
 * @param problems          what the chosen plugin's {@code validate} found wrong with the host's settings (calls fail
 *                          until they are fixed)
 */
public record InterfaceChoice(String hardwareInterface, String plugin, String why, List<String> considered, List<String> problems) {
    public InterfaceChoice {
        considered = List.copyOf(considered);
        problems = List.copyOf(problems);
    }
}
