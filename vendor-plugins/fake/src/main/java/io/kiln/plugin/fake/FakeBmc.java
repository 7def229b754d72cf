package io.kiln.plugin.fake;

import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.UpdateProgress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One in-memory BMC: power that follows the actions asked of it, a boot device, a virtual CD, and a firmware inventory
 * whose updates run RUNNING then DONE (one progress poll each) and bump the version. Thread-safe: every method is
 * synchronized on the BMC, as a real BMC serializes its requests.
 */
final class FakeBmc {
    private PowerState power = PowerState.OFF;
    private BootTarget boot;
    private URI media;
    private final List<FirmwareComponent> firmware = new ArrayList<>(List.of(
            new FirmwareComponent("bios", "BIOS", "1.0.0", true),
            new FirmwareComponent("bmc", "BMC", "2.1.0", true),
            new FirmwareComponent("nic1", "NIC 1", "14.27.1", false)));
    private final Map<String, String> updates = new HashMap<>(); // task id -> component id, while running
    private int tasks;

    synchronized PowerState power() {
        return power;
    }

    synchronized void power(PowerAction action) {
        power = switch (action) {
            case ON, CYCLE -> PowerState.ON;
            case OFF, GRACEFUL_OFF -> PowerState.OFF;
        };
    }

    synchronized BootTarget boot() {
        return boot;
    }

    synchronized void boot(BootTarget target) {
        boot = target;
    }

    synchronized URI media() {
        return media;
    }

    synchronized void media(URI image) {
        media = image;
    }

    synchronized List<FirmwareComponent> firmware() {
        return List.copyOf(firmware);
    }

    /** Starts an update of the component the image names ({@code .../bmc-2.2.bin} updates "bmc"), else the BIOS. */
    synchronized UpdateProgress startUpdate(URI image) {
        String path = image.getPath() == null ? "" : image.getPath().toLowerCase(java.util.Locale.ROOT);
        String component = firmware.stream().filter(c -> c.updateable() && path.contains(c.id())).map(FirmwareComponent::id).findFirst().orElse("bios");
        String task = "task-" + (++tasks);
        updates.put(task, component);
        return new UpdateProgress(task, UpdateProgress.State.RUNNING, 0, "update of " + component + " from " + image + " accepted");
    }

    /** The first poll of a running update says 50 %; the next finishes it. */
    synchronized UpdateProgress progress(String task, boolean firstPoll) {
        String component = updates.get(task);
        if (component == null) return new UpdateProgress(task, UpdateProgress.State.DONE, 100, "done");
        if (firstPoll) return new UpdateProgress(task, UpdateProgress.State.RUNNING, 50, "flashing " + component);
        updates.remove(task);
        for (int i = 0; i < firmware.size(); i++) {
            FirmwareComponent c = firmware.get(i);
            if (c.id().equals(component)) firmware.set(i, new FirmwareComponent(c.id(), c.name(), bump(c.version()), c.updateable()));
        }
        return new UpdateProgress(task, UpdateProgress.State.DONE, 100, component + " updated");
    }

    synchronized boolean knows(String task) {
        return updates.containsKey(task) || task.matches("task-\\d+") && Integer.parseInt(task.substring(5)) <= tasks;
    }

    private static String bump(String version) {
        int dot = version.lastIndexOf('.');
        return version.substring(0, dot + 1) + (Integer.parseInt(version.substring(dot + 1)) + 1);
    }
}
