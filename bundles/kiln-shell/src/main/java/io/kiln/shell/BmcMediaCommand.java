package io.kiln.shell;

import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.MediaAction;
import io.kiln.api.hardware.MediaResult;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:bmc-media: a host's virtual CD. */
@Service
@Command(scope = "kiln", name = "bmc-media", description = "Insert an image URL into a host's virtual CD through its BMC, or eject it")
public class BmcMediaCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Argument(index = 1, name = "action", required = true, description = "insert or eject")
    String action;

    @Argument(index = 2, name = "image", description = "for insert: the image URL the BMC fetches")
    String image;

    @Override
    protected Object run() {
        MediaResult r = Hardware.require(hardware).virtualMedia(host, MediaAction.parse(action), image);
        System.out.println(r.host() + ": virtual media " + (r.image() == null ? "ejected" : r.image() + " inserted") + " (plugin " + r.plugin() + ")");
        return null;
    }
}
