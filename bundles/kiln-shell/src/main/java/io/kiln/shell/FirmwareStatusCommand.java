package io.kiln.shell;

import io.kiln.api.hardware.FirmwareChange;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.HardwareService;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:firmware-status: the firmware updates Kiln started for a host (since it started), newest first. */
@Service
@Command(scope = "kiln", name = "firmware-status", description = "Show the firmware updates Kiln started for a host, newest first, with what each changed")
public class FirmwareStatusCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Argument(index = 1, name = "id", description = "one update (e.g. fw-3) instead of all")
    String id;

    @Override
    protected Object run() {
        HardwareService hw = Hardware.require(hardware);
        List<FirmwareUpdate> all = id == null ? hw.firmwareUpdates(host) : List.of(hw.firmwareUpdate(host, id));
        if (all.isEmpty()) System.out.println(host + ": no firmware updates since Kiln started");
        all.forEach(FirmwareStatusCommand::print);
        return null;
    }

    /** {@code Firmware update fw-1 of node7 (plugin fake, http://...): RUNNING 50% flashing bmc}. */
    static String line(FirmwareUpdate u) {
        return "Firmware update " + u.id() + " of " + u.host() + " (plugin " + u.plugin() + ", " + u.image() + (u.push() ? ", pushed" : "") + ", started "
                + u.started() + "): " + u.state() + (u.percent() < 0 ? "" : " " + u.percent() + "%") + (u.message().isEmpty() ? "" : " " + u.message());
    }

    static void print(FirmwareUpdate u) {
        System.out.println(line(u));
        for (FirmwareChange c : u.changes()) System.out.println("  " + c.describe());
    }
}
