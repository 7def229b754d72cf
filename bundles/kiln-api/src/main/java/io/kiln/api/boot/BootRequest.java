package io.kiln.api.boot;

import java.util.List;

/**
 * What a network-booting machine told Kiln, reduced to what the boot decision needs.
 *
 * @param mac           canonical MAC address (chaddr)
 * @param arch          DHCP option 93 client architecture, or null when the client sent none
 * @param vendorClass   option 60, or null
 * @param userClasses   option 77 entries (iPXE sends "iPXE")
 * @param ipxeOptions   true when option 175 (iPXE encapsulated options) was present
 * @param uuid          option 97 machine UUID, or null
 * @param serverAddress the Kiln address the request reached (used in the URLs of the answer), or null for the configured default
 */
public record BootRequest(String mac, Integer arch, String vendorClass, List<String> userClasses, boolean ipxeOptions,
                          String uuid, String serverAddress) {

    public BootRequest {
        userClasses = userClasses == null ? List.of() : List.copyOf(userClasses);
    }

    /** The machine already runs iPXE: give it a script, never a loader again (that would loop). */
    public boolean isIpxe() {
        return ipxeOptions || userClasses.contains("iPXE");
    }

    /** The firmware announced a PXE or UEFI HTTP boot client in option 60. */
    public boolean isBootClient() {
        return vendorClass != null && (vendorClass.startsWith("PXEClient") || vendorClass.startsWith("HTTPClient"));
    }

    /** A request as {@code kiln:boot-explain} builds it from operator input. */
    public static BootRequest of(String mac, Integer arch, boolean ipxe) {
        return of(mac, arch, ipxe, null);
    }

    /**
     * A request as {@code kiln:boot-explain --server} and {@code GET /api/v1/boot/explain?server=} build it.
     *
     * @param serverAddress the Kiln address the request arrives on, or null for the configured default
     */
    public static BootRequest of(String mac, Integer arch, boolean ipxe, String serverAddress) {
        String vc = arch == null ? null
                : (arch == 16 || arch == 19 ? "HTTPClient" : "PXEClient") + String.format(":Arch:%05d", arch);
        return new BootRequest(mac, arch, vc, ipxe ? List.of("iPXE") : List.of(), false, null, serverAddress);
    }
}
