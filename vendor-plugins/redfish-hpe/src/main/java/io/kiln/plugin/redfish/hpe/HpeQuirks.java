package io.kiln.plugin.redfish.hpe;

import io.kiln.plugin.redfish.RedfishQuirks;

/**
 * What HPE iLO 5 (and later) does differently from the DMTF schema. Each entry names where it comes from; everything
 * else is the generic plugin's behaviour.
 */
final class HpeQuirks {
    static final RedfishQuirks QUIRKS = RedfishQuirks.generic().toBuilder()
            .name("redfish-hpe")
            // iLO 5 reports "HPE" as the manufacturer (older ProLiants "HP", some tools "Hewlett Packard Enterprise")
            .vendorPattern("\\bHPE?\\b|Hewlett")
            .claims("HPE iLO BMCs (manufacturer HPE / HP) at redfish:// and https:// addresses")
            // iLO keeps virtual media under the manager only (/redfish/v1/Managers/1/VirtualMedia/2 is the CD/DVD)
            .virtualMediaRoots("Managers")
            // iLO 5 offers the OEM actions Oem.Hpe.Actions #HpeiLOVirtualMedia.InsertVirtualMedia / EjectVirtualMedia
            // (HPE redfishdocs, iLOrest examples; OpenStack proliantutils redfish/resources/manager/virtual_media.py
            // uses them); firmware that also has the standard actions gets those first
            .insertMediaActions("#VirtualMedia.InsertMedia", "Oem/Hpe/Actions/#HpeiLOVirtualMedia.InsertVirtualMedia")
            .ejectMediaActions("#VirtualMedia.EjectMedia", "Oem/Hpe/Actions/#HpeiLOVirtualMedia.EjectVirtualMedia")
            // "iLO.x.y.UnableToModifyDuringSystemPOST": the HPE iLO 5 message registry (v2.90) says to retry once the
            // system is fully booted or off; when the retries run out the error is transient, so Kiln tries later.
            // (iLO.x.y.SystemResetRequired comes with a success and is not an error: nothing to retry.)
            .addRetryableMessageIds("iLO.UnableToModifyDuringSystemPOST")
            // SimpleUpdate with ImageURI only, as OpenStack proliantutils' HPEUpdateService.flash_firmware sends it
            .transferProtocol(false)
            .build();

    private HpeQuirks() {
    }
}
