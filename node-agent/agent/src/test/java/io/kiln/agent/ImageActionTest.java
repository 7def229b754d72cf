package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageActionTest {
    @TempDir
    static Path dir;
    static FakeKiln kiln;
    static KilnHttp http;

    @BeforeAll
    static void start() throws Exception {
        kiln = new FakeKiln(TestPki.create(dir.resolve("pki")));
        Credentials c = kiln.pki.credentials(kiln.url(), kiln.url() + "/agent/v1", FakeKiln.TOKEN);
        http = new KilnHttp(c.sslContext(), c.token());
    }

    @AfterAll
    static void stop() {
        if (kiln != null) kiln.close();
    }

    private ActionResult write(String name, byte[] served, String sha256, Path devRoot, List<Disk> disks, Map<String, Object> hints) throws Exception {
        kiln.artifacts.put(name, served);
        Map<String, Object> action = new HashMap<>();
        action.put("id", "img");
        action.put("type", "image");
        action.put("url", kiln.url() + "/artifacts/" + name);
        action.put("sha256", sha256);
        action.put("compression", "auto");
        action.put("rootDeviceHints", hints);
        return new ImageAction(http, () -> disks, devRoot, new ProvisioningState(), 1, millis -> { })
                .run(action, ProgressReporter.silent());
    }

    private static List<Disk> oneDisk() {
        return List.of(new Disk("vda", 4 << 20, null, null, "S1", null, false, null));
    }

    private static void assertDiskHolds(Path disk, byte[] raw) throws Exception {
        byte[] d = Files.readAllBytes(disk);
        assertArrayEquals(raw, Arrays.copyOf(d, raw.length), "the disk starts with the decompressed image");
        assertEquals((byte) 0xaa, d[raw.length], "nothing written past the image");
    }

    @Test
    void gzipXzAndZstdImagesAreWrittenDecompressed() throws Exception {
        byte[] raw = TestImages.raw(3 << 20, 1);
        Map<String, byte[]> images = Map.of("os.img.gz", TestImages.gzip(raw), "os.img.xz", TestImages.xz(raw),
                "os.img.zst", TestImages.zstd(raw, dir), "os-magic.img", TestImages.xz(raw), "os.img", raw);
        for (var e : images.entrySet()) {
            Path dev = dir.resolve("dev-" + e.getKey());
            Path disk = TestImages.disk(dev, "vda");
            ActionResult r = write(e.getKey(), e.getValue(), Pem.sha256(e.getValue()), dev, oneDisk(), Map.of());
            assertTrue(r.ok(), e.getKey() + ": " + r.message());
            assertEquals("written " + raw.length + " bytes to /dev/vda, sha256 ok", r.message());
            assertDiskHolds(disk, raw);
        }
    }

    @Test
    void aDroppedDownloadResumesWithRange() throws Exception {
        byte[] raw = TestImages.raw(2 << 20, 2);
        byte[] gz = TestImages.gzip(raw);
        Path dev = dir.resolve("dev-resume");
        Path disk = TestImages.disk(dev, "vda");
        int cut = gz.length / 2;
        kiln.artifactRanges.clear();
        kiln.dropArtifactAfter = cut;
        ActionResult r = write("resume.img.gz", gz, Pem.sha256(gz), dev, oneDisk(), Map.of());
        assertTrue(r.ok(), r.message());
        assertEquals(Arrays.asList(null, "bytes=" + cut + "-"), kiln.artifactRanges, "the second request resumes where the first stopped");
        assertDiskHolds(disk, raw);
    }

    @Test
    void aCorruptedImageIsRefusedAndTheDiskStartZeroed() throws Exception {
        byte[] raw = TestImages.raw(2 << 20, 3);
        byte[] gz = TestImages.gzip(raw);
        String expected = Pem.sha256(gz);
        byte[] corrupted = gz.clone();
        corrupted[gz.length / 2] ^= 0x55;
        Path dev = dir.resolve("dev-corrupt");
        Path disk = TestImages.disk(dev, "vda");
        ActionResult r = write("corrupt.img.gz", corrupted, expected, dev, oneDisk(), Map.of());
        assertFalse(r.ok());
        assertTrue(r.message().startsWith("sha256 mismatch: expected " + expected + ", got " + Pem.sha256(corrupted)), r.message());
        byte[] d = Files.readAllBytes(disk);
        for (int i = 0; i < ImageAction.ZEROED_BYTES; i++) if (d[i] != 0) throw new AssertionError("byte " + i + " of the first MiB is not zero");
    }

    @Test
    void twoDisksMatchingTheHintsAreRefusedBeforeDownloading() throws Exception {
        Path dev = dir.resolve("dev-two");
        Path sda = TestImages.disk(dev, "sda");
        List<Disk> disks = new HardwareDiscovery(HardwareDiscoveryTest.TWO_DISKS).disks();
        byte[] raw = TestImages.raw(1 << 20, 4);
        ActionResult r = write("two.img", raw, Pem.sha256(raw), dev, disks, Map.of("minSizeGiB", 8, "maxSizeGiB", 8));
        assertFalse(r.ok());
        assertEquals("no disk chosen: 2 disks match the hints: sda (8 GiB, serial A), sdb (8 GiB, serial B)", r.message());
        assertEquals((byte) 0xaa, Files.readAllBytes(sda)[0], "nothing written");
    }
}
