package io.kiln.api.hardware;

import java.util.Map;

/**
 * What a host's BMC said of it, as written to the host's status ({@code hardware}).
 *
 * @param host     the inventory host
 * @param plugin   the plugin that asked the BMC
 * @param hardware the facts written (keys as in {@link HardwareKeys})
 */
public record InspectionResult(String host, String plugin, Map<String, String> hardware) {
    public InspectionResult {
        hardware = Map.copyOf(hardware);
    }
}
