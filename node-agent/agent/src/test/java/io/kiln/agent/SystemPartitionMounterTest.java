package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which disk's partition table is re-read before a partition of a freshly written image is mounted. */
class SystemPartitionMounterTest {
    @Test
    void thePartitionsDiskIsNamedTheKernelsWay() {
        assertEquals("/dev/vda", SystemPartitionMounter.wholeDisk("/dev/vda1"));
        assertEquals("/dev/sdb", SystemPartitionMounter.wholeDisk("/dev/sdb12"));
        assertEquals("/dev/nvme0n1", SystemPartitionMounter.wholeDisk("/dev/nvme0n1p1"));
        assertEquals("/dev/mmcblk0", SystemPartitionMounter.wholeDisk("/dev/mmcblk0p2"));
        assertNull(SystemPartitionMounter.wholeDisk("/dev/disk/by-label/KILNOS"));
        assertNull(SystemPartitionMounter.wholeDisk("/dev/vda"));
    }
}
