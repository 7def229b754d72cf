package io.kiln.spi.vendor;

import java.util.List;

/**
 * What a BMC says of its server.
 *
 * @param manufacturer e.g. "Dell Inc."
 * @param model        e.g. "PowerEdge R650"
 * @param serial       the chassis serial number
 * @param uuid         the system UUID
 * @param macs         MAC addresses of its network ports
 * @param pciDevices   PCIe devices
 * @param disks        disks, e.g. "nvme0: 1.6 TB"
 * @param memoryBytes  installed memory, or -1 when not reported
 */
public record HardwareFacts(String manufacturer, String model, String serial, String uuid, List<String> macs,
                            List<PciDevice> pciDevices, List<String> disks, long memoryBytes) {
    public HardwareFacts {
        macs = macs == null ? List.of() : List.copyOf(macs);
        pciDevices = pciDevices == null ? List.of() : List.copyOf(pciDevices);
        disks = disks == null ? List.of() : List.copyOf(disks);
    }
}
