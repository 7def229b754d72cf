package io.kiln.spi.vendor;

/**
 * A PCI device, ids as 4 lower-case hex digits.
 *
 * @param vendorId          e.g. {@code 10de}
 * @param deviceId          e.g. {@code 2330}
 * @param subsystemVendorId or null
 * @param subsystemDeviceId or null
 * @param classCode         6 hex digits, e.g. {@code 030200}, or null
 * @param slot              where it sits, e.g. {@code 0000:3b:00.0}, or null
 * @param name              what it is, if known
 */
public record PciDevice(String vendorId, String deviceId, String subsystemVendorId, String subsystemDeviceId, String classCode,
                        String slot, String name) {
    public PciDevice {
        vendorId = hex4(vendorId, "vendorId");
        deviceId = hex4(deviceId, "deviceId");
    }

    private static String hex4(String v, String what) {
        if (v == null || !v.trim().matches("(?i)(0x)?[0-9a-f]{4}")) throw new IllegalArgumentException(what + " must be 4 hex digits, was '" + v + "'");
        return v.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", "");
    }
}
