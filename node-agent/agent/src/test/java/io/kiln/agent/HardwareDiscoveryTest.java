package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardwareDiscoveryTest {
    static final Path VM1 = Path.of("src/test/resources/sysfs/vm1");
    static final Path TWO_DISKS = Path.of("src/test/resources/sysfs/twodisks");

    @Test
    void capturedVmGivesItsNicDiskPciMemoryAndCpus() {
        Hardware hw = new HardwareDiscovery(VM1).discover();
        Map<String, String> f = hw.facts();
        assertEquals("02:fc:00:00:00:01", f.get("nic.eth0.mac"));
        assertEquals("virtio_net", f.get("nic.eth0.driver"));
        assertEquals("up", f.get("nic.eth0.link"));
        assertFalse(f.containsKey("nic.eth0.speedMbps"), "virtio reports speed -1: left out");
        assertEquals(List.of("02:fc:00:00:00:01"), hw.macs(), "lo and the ifb devices have no device: not NICs");
        assertEquals("274877906944", f.get("disk.vda.sizeBytes"));
        assertEquals("17766325117899720", f.get("disk.vda.serial"));
        assertEquals("true", f.get("disk.vda.rotational"));
        assertEquals(List.of("vda"), hw.disks().stream().map(Disk::name).toList(), "loop and zram are not disks");
        assertEquals(String.valueOf(24683748L * 1024), f.get("memory.bytes"));
        assertEquals("2", f.get("cpu.count"));
        assertEquals("AMD EPYC", f.get("cpu.model"));
        assertTrue(f.get("pci").contains("1af4:1041@0000:00:03.0"), f.get("pci"));
        assertEquals("020000", f.get("pci.0000:00:03.0.class"));
        assertEquals("virtio-pci", f.get("pci.0000:00:03.0.driver"));
        assertFalse(f.containsKey("pci.0000:00:00.0.driver"), "the host bridge has no driver link");
        assertTrue(f.keySet().stream().noneMatch(k -> k.startsWith("dmi.")), "this VM has no DMI: nothing, not empty strings");
        assertTrue(f.values().stream().noneMatch(String::isBlank));
    }

    @Test
    void handMadeServerGivesDmiByPathWwnAndTheGpu() {
        Hardware hw = new HardwareDiscovery(TWO_DISKS).discover();
        Map<String, String> f = hw.facts();
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4a31", hw.uuid());
        assertEquals("CN7475123A0123", hw.serial());
        assertEquals("Dell Inc.", f.get("dmi.vendor"));
        assertEquals("PowerEdge R760", f.get("dmi.product"));
        assertEquals("25000", f.get("nic.eno1.speedMbps"));
        assertEquals("down", f.get("nic.eno2.link"));
        assertFalse(f.containsKey("nic.bond0.mac"), "a bond is not hardware");
        assertTrue(f.get("pci").contains("10de:2330@0000:3b:00.0"));
        assertEquals("030200", f.get("pci.0000:3b:00.0.class"));
        assertEquals("10de:16c1", f.get("pci.0000:3b:00.0.subsystem"));
        assertEquals("nvidia", f.get("pci.0000:3b:00.0.driver"));
        assertEquals("naa.5000c500a1b2c3d4", f.get("disk.sda.wwn"));
        assertEquals("/dev/disk/by-path/pci-0000:00:17.0-ata-1", f.get("disk.sda.byPath"));
        assertEquals("ST8000NM0055", f.get("disk.sdb.model"));
        assertEquals("PHAB1234000X3P2DGN", f.get("disk.nvme0n1.serial"));
        assertEquals(List.of("nvme0n1", "sda", "sdb"), hw.disks().stream().map(Disk::name).toList(), "sr0, dm-0, loop0 skipped");
        assertEquals("4", f.get("cpu.count"));
    }
}
