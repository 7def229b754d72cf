package io.kiln.boot.internal;

import io.kiln.config.ConfigFile;
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

    /** The table from etc/io.kiln.boot.cfg, each key's default when the file does not set it (see {@link BootConfig}). */
    static Map<Integer, LoaderRule> from(ConfigFile c) {
        Map<Integer, LoaderRule> t = new TreeMap<>();
        String x64 = c.string("loaderEfiX64", "snponly.efi");
        put(t, new LoaderRule(0, "BIOS", c.string("loaderBios", "undionly.kpxe"), false));
        put(t, new LoaderRule(6, "EFI IA32", c.string("loaderEfiIa32", ""), false));
        put(t, new LoaderRule(7, "EFI x64", x64, false));
        put(t, new LoaderRule(9, "EFI x64", x64, false));
        put(t, new LoaderRule(11, "EFI ARM64", c.string("loaderArm64", "arm64-efi/snponly.efi"), false));
        put(t, new LoaderRule(16, "EFI x64 HTTP", c.string("loaderEfiX64Http", "snponly.efi"), true));
        put(t, new LoaderRule(19, "EFI ARM64 HTTP", c.string("loaderArm64Http", "arm64-efi/snponly.efi"), true));
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
