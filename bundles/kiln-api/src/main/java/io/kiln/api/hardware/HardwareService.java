package io.kiln.api.hardware;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The deployed vendor plugins and the calls Kiln makes into them for a host. Every call into a plugin runs off the
 * caller's thread with a time limit; a plugin that throws, hangs or answers nonsense fails that call with one line
 * naming the plugin, the host, the interface and what happened.
 */
@ProviderType
public interface HardwareService {

    /** Every deployed plugin, by name. */
    List<PluginInfo> plugins();

    /**
     * Which plugin serves each hardware interface of a host, and why; the others considered and why not.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND when no host has that name
     */
    PluginExplanation explain(String host);

    /**
     * The host's power as its BMC reports it.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND (no such host), INVALID (the host has no BMC), UNAVAILABLE (no
     *                                   plugin serves its power, or the plugin failed or timed out)
     */
    PowerReading powerState(String host);

    /**
     * Asks the host's BMC to change its power, then reads the state.
     *
     * @throws io.kiln.api.KilnException as {@link #powerState}
     */
    PowerReading power(String host, PowerCommand command);

    // ---- driver selection ----

    /**
     * What the host's PCI devices (its {@value PciEntry#KEY} hardware fact, see {@link PciEntry}) need on its target
     * OS, from the deployed plugins that serve their PCI vendors; each plugin is called with its vendors' devices
     * only, off the caller's thread with the call timeout. Devices no plugin serves are listed as such; a plugin that
     * fails or times out is a problem of the plan, never an exception.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND when no host has that name
     */
    DriverPlan drivers(String host);
}
