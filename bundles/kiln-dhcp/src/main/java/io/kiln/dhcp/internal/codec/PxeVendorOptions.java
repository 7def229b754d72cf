package io.kiln.dhcp.internal.codec;

/**
 * PXE sub-options carried inside option 43 (PXE specification 2.1, table 2-1) and the one value proxyDHCP needs.
 */
public final class PxeVendorOptions {
    /** Bit field: bit 0 no broadcast discovery, 1 no multicast, 2 only listed servers, 3 use the boot file in this reply. */
    public static final int PXE_DISCOVERY_CONTROL = 6;
    public static final int PXE_BOOT_SERVERS = 8;
    public static final int PXE_BOOT_MENU = 9;
    public static final int PXE_MENU_PROMPT = 10;
    public static final int PXE_BOOT_ITEM = 71;
    public static final int END = 255;

    /** Discovery-control bit 3: "if a boot file name is present, download it; do not prompt, menu or discover". */
    public static final int DISCOVERY_USE_BOOT_FILE = 0x08;

    private PxeVendorOptions() {
    }

    /**
     * Option 43 value for a proxyDHCP offer that tells the PXE ROM to boot the file named in this reply directly
     * instead of running boot-server discovery: {@code 06 01 08 ff}.
     */
    public static byte[] useBootFileFromReply() {
        return discoveryControl(DISCOVERY_USE_BOOT_FILE);
    }

    /** Option 43 value holding only PXE_DISCOVERY_CONTROL with the given bits, terminated by END. */
    public static byte[] discoveryControl(int bits) {
        if (bits < 0 || bits > 0xff) throw new IllegalArgumentException("discovery control is one byte: " + bits);
        return new byte[] {PXE_DISCOVERY_CONTROL, 1, (byte) bits, (byte) END};
    }
}
