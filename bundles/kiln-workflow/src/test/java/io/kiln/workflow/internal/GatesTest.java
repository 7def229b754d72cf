package io.kiln.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {
    static final Map<String, String> AGENT = Map.of("memory.bytes", Long.toString(64L << 30), "cpu.count", "16",
            "disk.vda.sizeBytes", "1073741824", "disk.vdb.sizeBytes", "1073741824", "pci", "10de:2330@0000:3b:00.0 8086:1593", "bios.version", "2.10.1");
    static final Map<String, String> BMC = Map.of("memory", Long.toString(512L << 30), "disks", "nvme0: 960 GB; sda: 480 GB; sdb: 480 GB");

    @Test
    void hardwareGatesReadTheAgentsAndTheBmcsFacts() {
        assertNull(Gates.failure("memory >= 64GiB", AGENT, Map.of()));
        assertEquals("memory > 64GiB: the host has 64 GiB", Gates.failure("memory > 64GiB", AGENT, Map.of()));
        assertNull(Gates.failure("memory >= 500GB", BMC, Map.of()), "the BMC's memory fact, decimal units");
        assertNull(Gates.failure("cpus >= 16", AGENT, Map.of()));
        assertNull(Gates.failure("disks == 2", AGENT, Map.of()));
        assertNull(Gates.failure("disks >= 3", BMC, Map.of()), "the BMC's disk list");
        assertNull(Gates.failure("pci has 10de:2330", AGENT, Map.of()));
        assertNull(Gates.failure("pci has 8086:*", AGENT, Map.of()));
        assertTrue(Gates.failure("pci has 15b3:101d", AGENT, Map.of()).contains("no such device among the host's 2 PCI device(s)"));
        assertTrue(Gates.failure("cpus >= 1", BMC, Map.of()).contains("not known"), "an unknown fact fails the gate, saying so");
    }

    @Test
    void versionsCompareAsNumbersAndResultsAreEarlierStepsDetails() {
        assertNull(Gates.failure("fact bios.version >= 2.9", AGENT, Map.of()), "2.10.1 > 2.9");
        assertNotNull(Gates.failure("fact bios.version < 2.10", AGENT, Map.of()));
        assertNull(Gates.failure("fact bios.version matches 2.*", AGENT, Map.of()));
        assertNull(Gates.failure("result image.disk == vda", Map.of(), Map.of("image", Map.of("disk", "vda"))));
        assertTrue(Gates.failure("result image.disk == vdb", Map.of(), Map.of("image", Map.of("disk", "vda"))).contains("'vda'"));
    }

    @Test
    void unreadableGatesAreRefusedWithWhatIsExpected() {
        assertTrue(Gates.syntaxProblem("memory lots").contains("SUBJECT OP VALUE"));
        assertTrue(Gates.syntaxProblem("memory >= lots").contains("not a number"));
        assertTrue(Gates.syntaxProblem("pci >= 10de:2330").contains("pci takes 'has"));
        assertTrue(Gates.syntaxProblem("pci has nvidia").contains("not VENDOR:DEVICE"));
        assertTrue(Gates.syntaxProblem("result image == x").contains("STEP.KEY"));
        assertNull(Gates.syntaxProblem("fact dmi.vendor == QEMU"));
    }
}
