package io.kiln.plugins.internal;

import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootInterface;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.Claim;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.FirmwareInterface;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.InspectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.UpdateProgress;
import io.kiln.spi.vendor.VendorPlugin;
import io.kiln.spi.vendor.VirtualMediaInterface;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plugin of boot, virtual media, firmware and inspection whose answers a test sets: what it was asked is recorded,
 * a firmware update answers RUNNING until {@code pollsToFinish} progress asks, then DONE with the BMC version bumped.
 */
class HardwarePlugin implements VendorPlugin, BootInterface, VirtualMediaInterface, FirmwareInterface, InspectionInterface {
    final String name;
    final String prefix;
    final List<String> asked = new CopyOnWriteArrayList<>();
    volatile BootTarget boot;
    volatile URI media;
    volatile PluginException fault;
    volatile List<FirmwareComponent> firmware = List.of(new FirmwareComponent("bios", "BIOS", "1.0.0", true),
            new FirmwareComponent("bmc", "BMC", "2.1.0", true));
    volatile int pollsToFinish = 1;
    volatile UpdateProgress.State ending = UpdateProgress.State.DONE;
    /** Starts updates without a task id to follow them by (a broken plugin). */
    volatile boolean noTaskId;
    volatile PluginException progressFault;
    volatile HardwareFacts facts = new HardwareFacts("Kiln", "Test Server", "SN-0042/A", "4C4C4544-0042-3510-8052-B4C04F4E4D32",
            List.of("52:54:00:AA:00:01", "52:54:00:aa:00:02"), List.of(new PciDevice("15B3", "101d", null, null, "020000", "0000:3b:00.0", "ConnectX-6 Dx"),
            new PciDevice("10de", "2330", null, null, null, null, "H100")), List.of("nvme0: 960 GB", "nvme1: 960 GB"), 64L << 30);
    private int polls;

    HardwarePlugin(String name, String prefix) {
        this.name = name;
        this.prefix = prefix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Claim claim(BmcEndpoint bmc) {
        return bmc.address().startsWith(prefix) ? Claim.yes("address starts with " + prefix) : Claim.no("not " + prefix);
    }

    private void ask(String what, BmcTarget t) throws PluginException {
        asked.add(what + " " + t.endpoint().host() + (t.credentials() == null ? "" : " as " + t.credentials().username()));
        if (fault != null) throw fault;
    }

    @Override
    public void setBootDevice(BmcTarget target, BootTarget b) throws PluginException {
        ask("boot", target);
        boot = b;
    }

    @Override
    public void insertMedia(BmcTarget target, URI image) throws PluginException {
        ask("insert", target);
        media = image;
    }

    @Override
    public void ejectMedia(BmcTarget target) throws PluginException {
        ask("eject", target);
        media = null;
    }

    @Override
    public List<FirmwareComponent> firmware(BmcTarget target) throws PluginException {
        ask("firmware", target);
        return firmware;
    }

    @Override
    public synchronized UpdateProgress update(BmcTarget target, URI image, boolean push) throws PluginException {
        ask("update " + image + (push ? " push" : ""), target);
        polls = 0;
        return new UpdateProgress(noTaskId ? null : "task-1", UpdateProgress.State.RUNNING, 0, "accepted");
    }

    @Override
    public synchronized UpdateProgress progress(BmcTarget target, String taskId) throws PluginException {
        asked.add("progress " + taskId);
        if (progressFault != null) throw progressFault;
        if (++polls < pollsToFinish || pollsToFinish < 0) return new UpdateProgress(taskId, UpdateProgress.State.RUNNING, 50, "flashing");
        if (ending == UpdateProgress.State.DONE) {
            List<FirmwareComponent> next = new ArrayList<>();
            for (FirmwareComponent c : firmware) next.add(c.id().equals("bmc") ? new FirmwareComponent("bmc", "BMC", "2.1.1", true) : c);
            firmware = next;
            return new UpdateProgress(taskId, UpdateProgress.State.DONE, 100, "bmc updated");
        }
        return new UpdateProgress(taskId, ending, 30, "image signature rejected");
    }

    @Override
    public HardwareFacts inspect(BmcTarget target) throws PluginException {
        ask("inspect", target);
        return facts;
    }
}
