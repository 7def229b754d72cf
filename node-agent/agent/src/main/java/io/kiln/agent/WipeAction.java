package io.kiln.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code wipe}: choose the disk by the root-device hints (as {@code image} does) and zero its first and last MiB:
 * the MBR/GPT header and the backup GPT, so neither firmware nor an installer finds a partition on it. The data
 * itself is not overwritten (that takes hours); a disk that must be erased for good needs its vendor's secure erase.
 */
final class WipeAction implements Action {
    static final int ZEROED_BYTES = 1 << 20;

    private final Supplier<List<Disk>> disks;
    private final Path devRoot;

    WipeAction(Supplier<List<Disk>> disks, Path devRoot) {
        this.disks = disks;
        this.devRoot = devRoot;
    }

    @Override
    public ActionResult run(Map<String, Object> action, ProgressReporter progress) {
        DiskChoice choice = DiskChoice.of(disks.get(), Json.object(action, "rootDeviceHints"));
        if (choice.refusal() != null) return choice.refusal();
        Disk disk = choice.disk();
        Path device = devRoot.resolve(disk.name());
        progress.log("wiping the partition tables of /dev/" + disk.name() + " (" + disk.describe() + ")");
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
            long size = ch.size() > 0 ? ch.size() : disk.sizeBytes();
            zero(ch, 0);
            if (size > 2L * ZEROED_BYTES) zero(ch, size - ZEROED_BYTES);
            ch.force(true);
            return ActionResult.ok("zeroed the first and last MiB of /dev/" + disk.name(), Map.of("disk", disk.name()));
        } catch (IOException e) {
            return ActionResult.failed("cannot wipe /dev/" + disk.name() + ": " + KilnHttp.describe(e));
        }
    }

    private static void zero(FileChannel ch, long at) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(ZEROED_BYTES);
        long pos = at;
        while (zeros.hasRemaining()) pos += ch.write(zeros, pos);
    }
}
