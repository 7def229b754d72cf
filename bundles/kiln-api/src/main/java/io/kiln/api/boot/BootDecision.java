package io.kiln.api.boot;

import java.util.List;

/**
 * Kiln's answer to a booting machine and the reasons for it, in the order they were applied.
 *
 * @param action      what kind of answer
 * @param bootFile    DHCP file field / option 67: a TFTP file name or an http URL; null for IGNORE
 * @param nextServer  TFTP/boot server address (siaddr, option 66), or null
 * @param vendorClass option 60 to send back ("PXEClient" or "HTTPClient"), or null
 * @param host        the inventory host matched, or null when unknown
 * @param profile     the boot profile the script will render, or null
 * @param reasons     human-readable steps of the decision (what {@code kiln:boot-explain} prints)
 */
public record BootDecision(BootAction action, String bootFile, String nextServer, String vendorClass, String host,
                           String profile, List<String> reasons) {

    public BootDecision {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public boolean answers() {
        return action != BootAction.IGNORE;
    }
}
