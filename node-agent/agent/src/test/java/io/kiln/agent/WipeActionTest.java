package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WipeActionTest {
    @TempDir
    Path dev;

    @Test
    void zeroesTheFirstAndLastMibOfTheChosenDiskOnly() throws Exception {
        int size = 8 << 20;
        byte[] ones = new byte[size];
        Arrays.fill(ones, (byte) 0x5a);
        Files.write(dev.resolve("vda"), ones);
        Files.write(dev.resolve("vdb"), ones);
        List<Disk> disks = List.of(new Disk("vda", size, null, null, "A", null, false, null), new Disk("vdb", size, null, null, "B", null, false, null));
        ActionResult r = new WipeAction(() -> disks, dev).run(Map.of("rootDeviceHints", Map.of("serial", "B")), ProgressReporter.silent());
        assertTrue(r.ok(), r.message());
        byte[] b = Files.readAllBytes(dev.resolve("vdb"));
        assertArrayEquals(new byte[1 << 20], Arrays.copyOfRange(b, 0, 1 << 20), "the first MiB");
        assertArrayEquals(new byte[1 << 20], Arrays.copyOfRange(b, size - (1 << 20), size), "the last MiB (the backup GPT)");
        assertEquals(0x5a, b[size / 2], "the data between is left");
        assertArrayEquals(ones, Files.readAllBytes(dev.resolve("vda")), "the other disk is untouched");

        ActionResult refused = new WipeAction(() -> disks, dev).run(Map.of(), ProgressReporter.silent());
        assertFalse(refused.ok());
        assertTrue(refused.message().contains("no disk chosen"), refused.message());
    }
}
