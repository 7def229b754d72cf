package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootDeviceHintsTest {
    private final List<Disk> disks = new HardwareDiscovery(HardwareDiscoveryTest.TWO_DISKS).disks();

    @Test
    void twoDisksMatchingTheHintsAreRefusedNamingBoth() {
        var e = assertThrows(RootDeviceHints.NoUniqueDisk.class,
                () -> RootDeviceHints.choose(disks, Map.of("minSizeGiB", 8, "maxSizeGiB", 8)));
        assertEquals("2 disks match the hints: sda (8 GiB, serial A), sdb (8 GiB, serial B)", e.getMessage());
    }

    @Test
    void noHintsAndSeveralDisksIsRefused() {
        var e = assertThrows(RootDeviceHints.NoUniqueDisk.class, () -> RootDeviceHints.choose(disks, Map.of()));
        assertTrue(e.getMessage().contains("no root device hints and 3 disks"), e.getMessage());
    }

    @Test
    void hintsThatSingleOneOutChooseIt() throws Exception {
        assertEquals("sdb", RootDeviceHints.choose(disks, Map.of("serial", "B")).name());
        assertEquals("sda", RootDeviceHints.choose(disks, Map.of("wwn", "0x5000c500a1b2c3d4")).name());
        assertEquals("sda", RootDeviceHints.choose(disks, Map.of("byPath", "pci-0000:00:17.0-ata-1")).name());
        assertEquals("nvme0n1", RootDeviceHints.choose(disks, Map.of("rotational", false, "minSizeGiB", 100)).name());
        assertEquals("sdb", RootDeviceHints.choose(disks, Map.of("name", "/dev/sdb", "model", "nm0055")).name());
    }

    @Test
    void theOnlyDiskIsChosenWithoutHints() throws Exception {
        assertEquals("vda", RootDeviceHints.choose(new HardwareDiscovery(HardwareDiscoveryTest.VM1).disks(), Map.of()).name());
    }
}
