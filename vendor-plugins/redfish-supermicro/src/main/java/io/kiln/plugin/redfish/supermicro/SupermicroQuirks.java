package io.kiln.plugin.redfish.supermicro;

import io.kiln.plugin.redfish.RedfishQuirks;

/**
 * What Supermicro BMCs (X11 and later with the standard VirtualMedia actions) do differently from the DMTF schema.
 * Each entry names where it comes from; everything else is the generic plugin's behaviour.
 */
final class SupermicroQuirks {
    static final RedfishQuirks QUIRKS = RedfishQuirks.generic().toBuilder()
            .name("redfish-supermicro")
            // inspection reports "Supermicro" as the manufacturer
            .vendorPattern("\\bSupermicro\\b|\\bSuper Micro\\b")
            .claims("Supermicro BMCs (manufacturer Supermicro) at redfish:// and https:// addresses")
            // the CD is /redfish/v1/Managers/1/VirtualMedia/CD1 (ansible community.general PR #4839)
            .virtualMediaRoots("Managers")
            // InsertMedia refuses Inserted and WriteProtected: "The property Inserted is not in the list of valid
            // properties for the resource" (ansible community.general PR #4839, which sends the Image only, as for
            // iLO 4)
            .mediaImageOnly(true)
            .build();

    private SupermicroQuirks() {
    }
}
