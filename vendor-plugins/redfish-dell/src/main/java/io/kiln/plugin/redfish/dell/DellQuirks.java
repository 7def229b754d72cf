package io.kiln.plugin.redfish.dell;

import io.kiln.plugin.redfish.RedfishQuirks;

/**
 * What Dell iDRAC (8 and 9) does differently from the DMTF schema. Each entry names where it comes from; everything
 * else is the generic plugin's behaviour.
 */
final class DellQuirks {
    static final RedfishQuirks QUIRKS = RedfishQuirks.generic().toBuilder()
            .name("redfish-dell")
            // inspection reports "Dell Inc." as the manufacturer
            .vendorPattern("\\bDell\\b")
            .claims("Dell iDRAC BMCs (manufacturer Dell) at redfish:// and https:// addresses")
            // iDRAC9 firmware 6.00 and later lists virtual media under Systems/System.Embedded.1/VirtualMedia; older
            // firmware (and iDRAC8) under Managers/iDRAC.Embedded.1/VirtualMedia. Dell's own Redfish scripts
            // (dell/iDRAC-Redfish-Scripting, InsertEjectVirtualMediaREDFISH) pick the path by firmware version.
            .virtualMediaRoots("Systems", "Managers")
            // "IDRAC.x.y.SYS518": iDRAC is busy (e.g. its job queue is running a job); OpenStack sushy retries requests
            // answered with it (sushy connector, test_op_retry_on_server_500_sys518; release note
            // fix-retry_volume_operation-on_sys518)
            .addRetryableMessageIds("IDRAC.SYS518")
            // "IDRAC.x.y.RAC0218 The maximum number of user sessions is reached", answered 503 to a session login
            // (gofish issue #75, bb-Ricardo/check_redfish issue #89): use Basic for that call instead of retrying
            .addSessionLimitMessageIds("IDRAC.RAC0218")
            // SimpleUpdate takes ImageURI with TransferProtocol (Dell's DeviceFirmwareSimpleUpdateTransferProtocolREDFISH)
            .transferProtocol(true)
            .build();

    private DellQuirks() {
    }
}
