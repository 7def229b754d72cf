package io.kiln.agent;

import java.io.IOException;
import java.nio.file.Path;

/** Mounting a partition of the written disk (an interface so tests map partitions to directories). */
interface PartitionMounter {
    /**
     * @param device e.g. {@code /dev/vda1}, {@code /dev/nvme0n1p2}, {@code /dev/disk/by-label/cidata}
     * @return the directory the partition's file system is at
     */
    Path mount(String device) throws IOException, InterruptedException;

    /** Flushes and unmounts what {@link #mount} returned. */
    void unmount(Path mountPoint) throws IOException, InterruptedException;
}
