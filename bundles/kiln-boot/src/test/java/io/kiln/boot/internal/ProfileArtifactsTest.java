package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.ImageRef;
import io.kiln.api.inventory.InstallMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileArtifactsTest {
    @TempDir Path dir;

    static final String SHA = "a".repeat(64);

    @Test
    void eachMissingFileIsNamedWithItsPathAndWhatFailsOnIt() throws Exception {
        Files.writeString(dir.resolve("initrd.img"), "x");
        BootProfile p = new BootProfile("edge-os", "vmlinuz", List.of("initrd.img", "extra.img"), "", "", new ImageRef("os.img.gz", SHA),
                InstallMethod.IMAGE, null);
        assertEquals(List.of(
                "boot will fail: kernel 'vmlinuz' of profile 'edge-os' is not in the artifacts directory (" + dir.resolve("vmlinuz")
                        + ": no such file); iPXE gets a 404 for it and the boot stops there",
                "boot will fail: initrd 'extra.img' of profile 'edge-os' is not in the artifacts directory (" + dir.resolve("extra.img")
                        + ": no such file); iPXE gets a 404 for it and the boot stops there",
                "boot will fail: OS image 'os.img.gz' of profile 'edge-os' is not in the artifacts directory (" + dir.resolve("os.img.gz")
                        + ": no such file); the agent's image step fails on it"),
                ProfileArtifacts.missing(p, new ArtifactRoot(dir)));
    }

    @Test
    void urlsAreNotFetchedAndADirectoryIsNoKernel() throws Exception {
        Files.createDirectories(dir.resolve("vmlinuz"));
        BootProfile p = new BootProfile("remote", "http://mirror/vmlinuz", List.of("https://mirror/initrd"), "", "", null, null, null);
        assertTrue(ProfileArtifacts.missing(p, new ArtifactRoot(dir)).isEmpty());
        BootProfile local = new BootProfile("local", "vmlinuz", List.of(), "", "", null, null, null);
        assertEquals(List.of("boot will fail: kernel 'vmlinuz' of profile 'local' is not in the artifacts directory (" + dir.resolve("vmlinuz")
                + ": a directory); iPXE gets a 404 for it and the boot stops there"), ProfileArtifacts.missing(local, new ArtifactRoot(dir)));
    }
}
