package io.kiln.shell;

import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.HardwareService;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:firmware-update: starts a firmware update Kiln follows; --wait until it ends and shows what changed. */
@Service
@Command(scope = "kiln", name = "firmware-update", description = "Update a host's firmware from an image URL (the BMC pulls it, or --push);"
        + " Kiln follows it (kiln:firmware-status); --wait until it ends and show what changed")
public class FirmwareUpdateCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Argument(index = 1, name = "image", required = true, description = "the firmware image URL")
    String image;

    @Option(name = "--push", description = "the plugin sends the image to the BMC instead of the BMC fetching the URL")
    boolean push;

    @Option(name = "--wait", description = "wait until the update ends (at most firmwareUpdateMinutes of etc/io.kiln.plugins.cfg)")
    boolean await;

    @Override
    protected Object run() {
        HardwareService hw = Hardware.require(hardware);
        FirmwareUpdate u = hw.startFirmwareUpdate(host, image, push);
        System.out.println(FirmwareStatusCommand.line(u));
        if (await) {
            // the service's own limit ends the update first; a day is only the shell's backstop
            u = hw.awaitFirmwareUpdate(host, u.id(), Duration.ofDays(1));
            FirmwareStatusCommand.print(u);
        }
        return null;
    }
}
