package io.kiln.api.inventory;

/** How an OS profile puts the operating system on disk. */
public enum InstallMethod {
    /** The node agent streams a disk image (with its sha256) to disk. */
    IMAGE,
    /** Ubuntu autoinstall (cloud-init user-data with an autoinstall section). */
    AUTOINSTALL,
    /** RHEL/Fedora kickstart. */
    KICKSTART,
    /** Debian preseed. */
    PRESEED
}
