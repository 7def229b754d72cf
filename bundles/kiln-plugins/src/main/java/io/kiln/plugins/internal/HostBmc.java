package io.kiln.plugins.internal;

import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.Host;
import io.kiln.spi.vendor.BmcEndpoint;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host's BMC as the inventory records it, turned into the SPI's own record for one plugin: only the host variables
 * that plugin declared it reads reach it.
 *
 * @param host the inventory host
 * @param bmc  its BMC, or null when it has none
 */
record HostBmc(Host host, Bmc bmc) {

    static HostBmc of(Host host) {
        return new HostBmc(host, host.bmc());
    }

    String name() {
        return host.name();
    }

    BmcEndpoint endpoint(DeployedPlugin p) {
        Map<String, String> props = new TreeMap<>();
        host.vars().forEach((k, v) -> {
            if (p.hostPropertyKeys().contains(k)) props.put(k, v);
        });
        return new BmcEndpoint(host.name(), bmc.address(), host.hardware().get("manufacturer"), host.hardware().get("model"), props);
    }
}
