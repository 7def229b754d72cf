package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.HardwareService;

/** The hardware commands' one check: the plugin registry runs. */
final class Hardware {
    private Hardware() {
    }

    static HardwareService require(HardwareService hardware) {
        if (hardware == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln hardware plugins service is not running (see log:display)", null);
        return hardware;
    }
}
