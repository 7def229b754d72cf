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

    // ---- boot device, virtual media, firmware, inspection, registering from a BMC ----
    // Each throws io.kiln.api.KilnException NOT_FOUND (no such host), INVALID (bad input, the host has no BMC, the
    // plugin's validate refuses the host's settings) or UNAVAILABLE (no plugin serves that interface of the host, or
    // the plugin failed or timed out: one line naming host, plugin, call and the BMC's message), as powerState does.

    /**
     * Sets the device the host boots from, for the next boot only or from now on.
     *
     * @param url for {@link BootChoice#HTTP}: the URL the firmware fetches, or null for the one Kiln's boot decision
     *            gives the host (UEFI HTTP, as its DHCP answer would); must be null for the other devices
     */
    BootSetting setBootDevice(String host, BootChoice device, String url, boolean persistent);

    /**
     * Inserts an image into the host's virtual CD, or ejects it.
     *
     * @param image for insert: the URL the BMC fetches (http or https); must be null for eject
     */
    MediaResult virtualMedia(String host, MediaAction action, String image);

    /** The host's firmware as its BMC reports it. */
    FirmwareInventory firmware(String host);

    /**
     * Starts a firmware update: reads the firmware inventory, asks the BMC to update from {@code image}, and follows
     * it in the background until it ends (or the configured limit passes); then reads the inventory again and keeps
     * what changed. Returns at once.
     *
     * @param push true: the plugin sends the image; false: the BMC pulls it from the URL
     */
    FirmwareUpdate startFirmwareUpdate(String host, String image, boolean push);

    /** The firmware updates Kiln started for the host since it started, newest first. NOT_FOUND: no such host. */
    List<FirmwareUpdate> firmwareUpdates(String host);

    /** One firmware update of the host. NOT_FOUND: no such host or update. */
    FirmwareUpdate firmwareUpdate(String host, String id);

    /**
     * Waits until the update ends or {@code atMost} passes, then answers as {@link #firmwareUpdate}.
     *
     * @throws io.kiln.api.KilnException NOT_FOUND; UNAVAILABLE when interrupted
     */
    FirmwareUpdate awaitFirmwareUpdate(String host, String id, java.time.Duration atMost);

    /**
     * Asks the host's BMC for its hardware facts (manufacturer, model, memory, disks, PCI devices; keys in
     * {@link HardwareKeys}) and writes them to the host's status; other facts stay.
     */
    InspectionResult inspect(String host);

    /**
     * Registers a server from its BMC: the plugin named (or the one that claims the address) inspects it, and a host
     * is added with its MACs, UUID, serial, the BMC and the hardware facts.
     *
     * @throws io.kiln.api.KilnException CONFLICT naming the host that already has that name, MAC, UUID or BMC;
     *                                   INVALID (bad input, the credential is not stored, the BMC reports no MAC or
     *                                   no serial and no name was given); UNAVAILABLE (no plugin, a plugin fault)
     */
    BmcAdded addBmc(BmcRegistration registration);

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
