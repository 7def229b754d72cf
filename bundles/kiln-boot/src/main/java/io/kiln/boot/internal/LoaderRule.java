package io.kiln.boot.internal;

/**
 * One row of the loader table: what a client announcing one option 93 architecture gets.
 *
 * @param arch  option 93 value
 * @param label human name of the architecture, for reasons ("EFI x64")
 * @param file  loader file name (a TFTP path, or a path under /boot/loaders/ for HTTP); empty = unsupported
 * @param http  true for UEFI HTTP boot clients, which get a URL and option 60 "HTTPClient" instead of TFTP
 */
record LoaderRule(int arch, String label, String file, boolean http) {

    LoaderRule {
        file = file == null ? "" : file.trim();
    }

    boolean supported() {
        return !file.isEmpty();
    }

    /** "7=snponly.efi", "16=http:snponly.efi", "6=-" (unsupported): one table row for the log. */
    @Override
    public String toString() {
        return arch + "=" + (http ? "http:" : "") + (supported() ? file : "-");
    }
}
