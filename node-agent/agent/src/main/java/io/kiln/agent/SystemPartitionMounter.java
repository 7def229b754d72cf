package io.kiln.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mount}/{@code umount} of the micro-OS. busybox's {@code mount -t auto} does not always detect the file
 * system, so vfat (an ESP or a cidata partition) and ext4 are tried by name first.
 */
final class SystemPartitionMounter implements PartitionMounter {
    private final Path mountBase;

    SystemPartitionMounter(Path mountBase) {
        this.mountBase = mountBase;
    }

    @Override
    public Path mount(String device) throws IOException, InterruptedException {
        rereadPartitions(device);
        Path dir = Files.createTempDirectory(Files.createDirectories(mountBase), "mnt-");
        List<String> errors = new ArrayList<>();
        for (String type : new String[] {"vfat", "ext4", null}) {
            List<String> cmd = new ArrayList<>(List.of("mount"));
            if (type != null) cmd.addAll(List.of("-t", type));
            cmd.addAll(List.of(device, dir.toString()));
            try {
                CommandRunner.run(cmd, 60);
                return dir;
            } catch (IOException e) {
                errors.add((type == null ? "auto" : type) + ": " + e.getMessage());
            }
        }
        Files.deleteIfExists(dir);
        throw new IOException("cannot mount " + device + " as vfat, ext4 or auto-detected (" + String.join("; ", errors) + ")");
    }

    /**
     * The kernel learns the partitions of an image just written only when asked (no udev here): re-read the disk's
     * table, then wait for the partition's device node (devtmpfs makes it).
     */
    static void rereadPartitions(String device) throws IOException, InterruptedException {
        String disk = wholeDisk(device);
        if (disk == null) return;
        try {
            CommandRunner.run(List.of("blockdev", "--rereadpt", disk), 60);
        } catch (IOException e) {
            // a busy disk keeps its old table; mounting says what is wrong if the partition is not there
        }
        for (int i = 0; i < 50 && !Files.exists(Path.of(device)); i++) Thread.sleep(100);
    }

    /** /dev/vda1 -> /dev/vda, /dev/nvme0n1p1 -> /dev/nvme0n1; null when it does not look like a partition. */
    static String wholeDisk(String device) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/dev/(?:nvme\\d+n\\d+|mmcblk\\d+))p\\d+|(/dev/[a-z]+)\\d+").matcher(device);
        if (!m.matches()) return null;
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    @Override
    public void unmount(Path mountPoint) throws IOException, InterruptedException {
        CommandRunner.run(List.of("sync"), 300);
        CommandRunner.run(List.of("umount", mountPoint.toString()), 120);
        Files.deleteIfExists(mountPoint);
    }
}
