package io.kiln.api.hardware;

/**
 * The keys of a host's hardware facts ({@code Host.hardware()}, written through the host's status) that inspection
 * writes, and what their values look like. Other parts of Kiln read them by these names.
 */
public final class HardwareKeys {
    /** e.g. {@code Dell Inc.}; also what plugins see as the BMC's vendor. */
    public static final String MANUFACTURER = "manufacturer";
    /** e.g. {@code PowerEdge R650}; also what plugins see as the BMC's product. */
    public static final String MODEL = "model";
    /** Installed memory in bytes, a decimal number. */
    public static final String MEMORY = "memory";
    /** Disks as the BMC names them, separated by {@code "; "}, e.g. {@code nvme0: 960 GB; sda: 480 GB}. */
    public static final String DISKS = "disks";
    /** PCI devices: see {@link PciEntry#KEY}. */
    public static final String PCI = PciEntry.KEY;

    private HardwareKeys() {
    }
}
