package io.kiln.spi.vendor;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** What every hardware interface says about itself before it is called. */
@ConsumerType
public interface HardwareInterface {

    /** The per-host properties it reads from {@link BmcEndpoint#properties()}, each with what it means. */
    default Map<String, String> hostProperties() {
        return Map.of();
    }

    /**
     * Cheap check of a host's settings, no network: what is wrong, one line each (empty: fine). Kiln calls it before
     * any call and in kiln:plugin-explain.
     */
    default List<String> validate(BmcEndpoint bmc) {
        return List.of();
    }
}
