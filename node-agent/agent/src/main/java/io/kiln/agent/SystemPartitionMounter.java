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

    @Override
    public void unmount(Path mountPoint) throws IOException, InterruptedException {
        CommandRunner.run(List.of("sync"), 300);
        CommandRunner.run(List.of("umount", mountPoint.toString()), 120);
        Files.deleteIfExists(mountPoint);
    }
}
