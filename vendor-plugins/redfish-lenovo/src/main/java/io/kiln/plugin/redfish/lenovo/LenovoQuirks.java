package io.kiln.plugin.redfish.lenovo;

import io.kiln.plugin.redfish.RedfishQuirks;
import io.kiln.spi.vendor.BootDevice;

/**
 * What Lenovo XClarity Controller (XCC) does differently from the DMTF schema. Each entry names where it comes from;
 * everything else is the generic plugin's behaviour.
 */
final class LenovoQuirks {
    static final RedfishQuirks QUIRKS = RedfishQuirks.generic().toBuilder()
            .name("redfish-lenovo")
            // inspection reports "Lenovo" as the manufacturer
            .vendorPattern("\\bLenovo\\b")
            .claims("Lenovo XClarity Controller BMCs (manufacturer Lenovo) at redfish:// and https:// addresses")
            .virtualMediaRoots("Managers")
            // XCC lists ten predefined media (RDOC1.., EXT1.., Remote1..); only the EXT members mount an image from a
            // URL, and inserting into the RDOC members that come first fails (lenovo/python-redfish-lenovo issue #21,
            // where ironic/sushy's first-CD choice is reported to break)
            .mediaIdPattern("EXT\\d*")
            // on some Lenovo UEFI firmware (e.g. SR645 V3 with older XCC) BootSourceOverrideTarget Hdd maps to the
            // generic hard disk entry instead of the OS's shim and the server boot-loops; ironic leaves the disk boot
            // to the firmware's boot order on Lenovo UEFI nodes (ironic bug 2053064; openstack/ironic PR #14)
            .bootLeftAlone(BootDevice.DISK)
            .build();

    private LenovoQuirks() {
    }
}
