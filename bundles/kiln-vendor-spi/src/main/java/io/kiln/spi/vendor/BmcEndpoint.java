package io.kiln.spi.vendor;

import java.util.Map;

/**
 * A BMC as Kiln knows it, without its secret.
 *
 * @param host       the inventory host it belongs to (for messages)
 * @param address    address or URL, e.g. {@code https://10.0.0.10}
 * @param vendor     manufacturer as inspection found it, or null when not known yet
 * @param product    model / product as inspection found it, or null
 * @param properties per-host settings a plugin declared it needs (e.g. {@code redfish.systemId}), by name
 */
public record BmcEndpoint(String host, String address, String vendor, String product, Map<String, String> properties) {
    public BmcEndpoint {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("BMC address is required");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
