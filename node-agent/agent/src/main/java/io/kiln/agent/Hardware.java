package io.kiln.agent;

import java.util.List;
import java.util.Map;

/**
 * What discovery found: the protocol's flat facts, plus the pieces onboarding and the image action use directly.
 *
 * @param macs MAC addresses of the physical NICs, in interface-name order
 */
record Hardware(Map<String, String> facts, List<Disk> disks, List<String> macs) {
    String uuid() {
        return facts.get("dmi.uuid");
    }

    String serial() {
        return facts.get("dmi.serial");
    }
}
