package io.kiln.dhcp.internal.codec;

/**
 * Option 94, the client network interface identifier (RFC 4578): type 1 is UNDI, then its major and minor version.
 *
 * @param type  interface type (1 = UNDI)
 * @param major UNDI major version (2 for BIOS PXE ROMs, 3 for UEFI)
 * @param minor UNDI minor version
 */
public record ClientInterfaceId(int type, int major, int minor) {
}
