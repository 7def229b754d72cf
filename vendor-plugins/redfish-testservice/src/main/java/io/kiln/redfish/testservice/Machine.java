package io.kiln.redfish.testservice;

import java.util.Map;

/**
 * A machine behind the service's power, as sushy-tools and VirtualBMC put libvirt VMs behind a BMC: with one set
 * ({@link RedfishTestService.Builder#machine}), a ComputerSystem.Reset that powers on starts it (booting as the boot
 * override and the inserted virtual media say), one that powers off stops it, and PowerState reads whether it runs
 * (a machine that shut itself down reads Off).
 */
public interface Machine {
    /**
     * Starts the machine (it is not running).
     *
     * @param boot  the boot override in force for this boot
     * @param media inserted virtual media by id: the image URL the BMC was given
     */
    void powerOn(BootOverride boot, Map<String, String> media);

    /** Stops the machine at once, if it runs. */
    void powerOff();

    /** Whether it runs now. */
    boolean running();
}
