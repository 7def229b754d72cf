package io.kiln.agent;

import java.util.List;
import java.util.Map;

/** The disk an action's root-device hints choose, or why none is: the one choice image and wipe make alike. */
record DiskChoice(Disk disk, ActionResult refusal) {

    static DiskChoice of(List<Disk> disks, Map<String, Object> hints) {
        try {
            return new DiskChoice(RootDeviceHints.choose(disks, hints), null);
        } catch (RootDeviceHints.NoUniqueDisk e) {
            return new DiskChoice(null, ActionResult.failed("no disk chosen: " + e.getMessage()));
        } catch (NumberFormatException e) {
            return new DiskChoice(null, ActionResult.failed("a size hint is not an integer: " + e.getMessage()));
        }
    }
}
