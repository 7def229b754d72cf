package io.kiln.spi.vendor;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hardware plugin, registered as an OSGi service (e.g. a DS component with {@code service = VendorPlugin.class}).
 * The same object implements the hardware interfaces it offers; Kiln asks which with {@code instanceof}.
 */
@ConsumerType
public interface VendorPlugin {

    /** Its name, as a host names it in the inventory ({@code bmc.plugin}): lower case, e.g. {@code redfish-dell}. */
    String name();

    /**
     * Whether it can drive this BMC, and why; cheap, no network (match on what the endpoint says: its vendor and
     * product as inspection found them, its address scheme, its properties).
     */
    default Claim claim(BmcEndpoint bmc) {
        return Claim.no();
    }

    /** PCI vendor ids (4 hex digits, lower case, e.g. {@code 10de}) whose devices it selects drivers for. */
    default Set<String> pciVendors() {
        return Set.of();
    }
}
