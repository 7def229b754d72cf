package io.kiln.api.hardware;

import io.kiln.api.KilnException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an operator asks a server to boot from: the network (PXE or UEFI HTTP), the virtual CD or its disk. */
public enum BootChoice {
    PXE,
    /** UEFI HTTP boot from a URL. */
    HTTP,
    /** The virtual CD (see {@link HardwareService#virtualMedia}). */
    CD,
    DISK;

    /** As operators write it: {@code pxe}, {@code http}, {@code cd}, {@code disk}. */
    public String operatorName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text as operators write it (case does not matter)
     * @throws KilnException INVALID naming what is allowed
     */
    public static BootChoice parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (BootChoice c : values()) if (c.name().equals(t)) return c;
        throw KilnException.invalid("boot device '" + text + "' is not one of "
                + Arrays.stream(values()).map(BootChoice::operatorName).collect(Collectors.joining(", ")));
    }
}
