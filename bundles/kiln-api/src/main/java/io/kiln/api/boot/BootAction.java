package io.kiln.api.boot;

/** The kind of answer Kiln gives a booting machine. */
public enum BootAction {
    /** Say nothing about booting (unknown machine under the "ignore" policy, unsupported architecture, not a boot client). */
    IGNORE,
    /** Hand out a loader to fetch over TFTP (next-server + file). */
    TFTP_LOADER,
    /** Hand out a loader as an HTTP URL (UEFI HTTP boot, option 60 "HTTPClient"). */
    HTTP_LOADER,
    /** The client already runs iPXE: hand out the URL of its iPXE script. */
    IPXE_SCRIPT
}
