package io.kiln.spi.vendor;

import java.net.URI;

/**
 * A boot device to set.
 *
 * @param device     where to boot from
 * @param url        for {@link BootDevice#UEFI_HTTP}: the URL the firmware fetches; null otherwise
 * @param persistent false: the next boot only (one-time override); true: from now on
 */
public record BootTarget(BootDevice device, URI url, boolean persistent) {
    public BootTarget {
        if (device == null) throw new IllegalArgumentException("device is required");
        if (device == BootDevice.UEFI_HTTP && url == null) throw new IllegalArgumentException("UEFI HTTP boot needs a URL");
    }
}
