package io.kiln.agent;

/** What earlier actions of this run left for later ones: the disk the last {@code image} action wrote. */
final class ProvisioningState {
    private Disk imageDisk;

    synchronized Disk imageDisk() {
        return imageDisk;
    }

    synchronized void imageWritten(Disk disk) {
        this.imageDisk = disk;
    }
}
