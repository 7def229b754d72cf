package io.kiln.plugins.internal;

import io.kiln.api.hardware.PluginInfo;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link VendorPlugin} service as the registry holds it: the plugin, what it said of itself when it was registered
 * (read once, through its own threads, so that listing plugins never calls into their code), and its threads.
 *
 * @param plugin        the service object
 * @param name          its name
 * @param pciVendors    the PCI vendors it selects drivers for
 * @param hostPropertyKeys the per-host properties its interfaces read (host variables of these names reach it)
 * @param origin        its bundle and service
 * @param calls         the threads its code runs on
 */
record DeployedPlugin(VendorPlugin plugin, String name, Set<String> pciVendors, Set<String> hostPropertyKeys, PluginOrigin origin,
                      PluginCalls calls) {

    DeployedPlugin {
        pciVendors = Set.copyOf(pciVendors);
        hostPropertyKeys = Set.copyOf(hostPropertyKeys);
    }

    PluginInfo info() {
        String claims = origin.claims();
        if (!pciVendors.isEmpty()) claims = (claims.isEmpty() ? "" : claims + "; ") + "PCI vendors " + String.join(", ", new TreeSet<>(pciVendors));
        return new PluginInfo(name, origin.bundle(), origin.version(), HardwareKind.labels(plugin), claims);
    }

    /** Newer first: a higher bundle version, then the later service. */
    static int newerFirst(DeployedPlugin a, DeployedPlugin b) {
        int v = PluginOrigin.compareVersions(b.origin.version(), a.origin.version());
        return v != 0 ? v : Long.compare(b.origin.serviceId(), a.origin.serviceId());
    }
}
