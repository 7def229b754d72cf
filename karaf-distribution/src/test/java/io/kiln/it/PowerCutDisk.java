package io.kiln.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small ext4 file system on a loop device whose "power" the test can cut: the EXT4_IOC_SHUTDOWN ioctl with
 * NOLOGFLUSH stops the file system at once and throws away everything not yet on disk, written or journalled
 * (what xfstests' "godown" uses to simulate a power failure). What was fsynced before the cut is there after a
 * fresh mount; what was only written is gone.
 */
final class PowerCutDisk implements AutoCloseable {
    final Path image, mount;
    /** The loop device of the remount, detached on close; null before. */
    private String device;

    PowerCutDisk(String tag) throws IOException {
        image = Path.of("/tmp/kiln-it-" + tag + ".img");
        mount = Path.of("/tmp/kiln-it-" + tag + ".mnt");
        close(); // leftovers of an aborted earlier run
        Files.createDirectories(mount);
        Exec.must(10, "truncate", "-s", "64M", image.toString());
        Exec.must(60, "mkfs.ext4", "-q", "-F", image.toString());
        Exec.must(30, "mount", "-o", "loop", image.toString(), mount.toString());
    }

    /** Cuts the power: nothing written after the last fsync reaches the disk; further writes fail. */
    void cutPower() {
        Exec.must(10, "python3", "-c", "import os,fcntl,struct; d=os.open('" + mount + "', os.O_RDONLY); "
                + "fcntl.ioctl(d, 0x8004587d, struct.pack('I', 2))"); // EXT4_IOC_SHUTDOWN, EXT4_GOING_FLAGS_NOLOGFLUSH
    }

    /**
     * Unmounts and mounts the image again through a new loop device, as the next boot would: the files are read from
     * the disk itself (the journal replayed). A new device, because the dead file system lives on while some mount
     * namespace of an ended process still holds it, and mounting its device again would share it.
     */
    void remount() {
        Exec.must(30, "umount", mount.toString());
        device = Exec.must(10, "losetup", "-f", "--show", image.toString()).out().strip();
        Exec.must(30, "mount", device, mount.toString());
    }

    @Override
    public void close() throws IOException {
        Exec.run(30, "umount", mount.toString()); // a loop mount frees its loop device on umount
        if (device != null) Exec.run(10, "losetup", "-d", device);
        Files.deleteIfExists(image);
        if (Exec.run(10, "mountpoint", "-q", mount.toString()).ok()) throw new IOException(mount + " is still mounted");
        Exec.run(30, "rm", "-rf", mount.toString());
    }
}
