package io.kiln.plugins.internal;

import io.kiln.api.hardware.HardwareKeys;
import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.Host;
import io.kiln.spi.vendor.BmcEndpoint;
import java.util.Map;
import java.util.TreeMap;

/**
 * A BMC as the registry chooses and calls plugins for it: a host's, as the inventory records it, or one no host has
 * yet (kiln:bmc-add inspects it before registering the host). Turned into the SPI's own record for one plugin: only
 * the host variables that plugin declared it reads reach it.
 *
 * @param name    the host's name, or {@code BMC <address>} for a BMC no host has yet (what messages say)
 * @param bmc     the BMC, or null when the host has none
 * @param vars    the host's variables
 * @param vendor  its manufacturer as inspection found it, or null
 * @param product its model as inspection found it, or null
 */
record HostBmc(String name, Bmc bmc, Map<String, String> vars, String vendor, String product) {

    static HostBmc of(Host host) {
        return new HostBmc(host.name(), host.bmc(), host.vars(), host.hardware().get(HardwareKeys.MANUFACTURER), host.hardware().get(HardwareKeys.MODEL));
    }

    /** A BMC no host has yet, named by its address in messages ({@link PluginCalls} says "for BMC ..."). */
    /** A BMC no host has yet, with the variables the host-to-be will have (a plugin may need them to reach it). */
    static HostBmc unregistered(Bmc bmc, Map<String, String> vars) {
        return new HostBmc(PluginCalls.BMC_SUBJECT + bmc.address(), bmc, vars, null, null);
    }

    BmcEndpoint endpoint(DeployedPlugin p) {
        Map<String, String> props = new TreeMap<>();
        vars.forEach((k, v) -> {
            if (p.hostPropertyKeys().contains(k)) props.put(k, v);
        });
        return new BmcEndpoint(name, bmc.address(), vendor, product, props);
    }
}
