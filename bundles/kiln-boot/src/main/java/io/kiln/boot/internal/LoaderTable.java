package io.kiln.boot.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the option 93 loader table from configuration (Tinkerbell smee's {@code ArchToBootFile}, as data).
 *
 * <p>Arch 7 is "EFI BC" in RFC 4578 but is what x64 UEFI firmware actually sends (EDK2 included), so it shares
 * the x64 row with arch 9.
 */
final class LoaderTable {

    private LoaderTable() {
    }

    static Map<Integer, LoaderRule> from(BootConfig c) {
        Map<Integer, LoaderRule> t = new TreeMap<>();
        put(t, new LoaderRule(0, "BIOS", c.loaderBios(), false));
        put(t, new LoaderRule(6, "EFI IA32", c.loaderEfiIa32(), false));
        put(t, new LoaderRule(7, "EFI x64", c.loaderEfiX64(), false));
        put(t, new LoaderRule(9, "EFI x64", c.loaderEfiX64(), false));
        put(t, new LoaderRule(11, "EFI ARM64", c.loaderArm64(), false));
        put(t, new LoaderRule(16, "EFI x64 HTTP", c.loaderEfiX64Http(), true));
        put(t, new LoaderRule(19, "EFI ARM64 HTTP", c.loaderArm64Http(), true));
        return Map.copyOf(t);
    }

    /** True for the UEFI HTTP boot architectures, which answer with option 60 "HTTPClient". */
    static boolean isHttpArch(Integer arch) {
        return arch != null && (arch == 16 || arch == 19);
    }

    private static void put(Map<Integer, LoaderRule> t, LoaderRule r) {
        t.put(r.arch(), r);
    }
}
