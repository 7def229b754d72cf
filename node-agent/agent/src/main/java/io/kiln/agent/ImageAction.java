package io.kiln.agent;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code image}: choose the disk by the hints, stream the download through the decompressor onto it, fsync, and
 * accept it only if the sha256 of the downloaded (compressed) bytes is the expected one; otherwise the disk's first
 * MiB is zeroed so a half-written image never boots.
 */
final class ImageAction implements Action {
    static final int ZEROED_BYTES = 1 << 20;
    private static final int BUFFER = 1 << 20;

    private final KilnHttp http;
    private final Supplier<List<Disk>> disks;
    private final Path devRoot;
    private final ProvisioningState state;
    private final long downloadBackoffMillis;
    private final Sleeper sleeper;

    /** @param devRoot where the disks' device nodes are ({@code /dev}; a directory of plain files in tests) */
    ImageAction(KilnHttp http, Supplier<List<Disk>> disks, Path devRoot, ProvisioningState state, long downloadBackoffMillis, Sleeper sleeper) {
        this.http = http;
        this.disks = disks;
        this.devRoot = devRoot;
        this.state = state;
        this.downloadBackoffMillis = downloadBackoffMillis;
        this.sleeper = sleeper;
    }

    @Override
    public ActionResult run(Map<String, Object> action, ProgressReporter progress) throws InterruptedException {
        String url = Json.string(action, "url");
        String expected = Json.string(action, "sha256");
        if (url == null || expected == null || !expected.trim().matches("[0-9a-fA-F]{64}")) {
            return ActionResult.failed("the image action needs a url and a sha256 of 64 hex digits; got url=" + url + ", sha256=" + expected);
        }
        expected = expected.trim().toLowerCase(Locale.ROOT);
        DiskChoice choice = DiskChoice.of(disks.get(), Json.object(action, "rootDeviceHints"));
        if (choice.refusal() != null) return choice.refusal();
        Disk disk = choice.disk();
        Path device = devRoot.resolve(disk.name());
        String deviceName = "/dev/" + disk.name();
        progress.log("writing " + url + " to " + deviceName + " (" + disk.describe() + ")");

        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long written = 0;
        long downloaded = 0;
        String decompressionError = null;
        Compression compression = null;
        try (ResumableDownload download = new ResumableDownload(http, url, downloadBackoffMillis, sleeper, progress);
             BufferedInputStream raw = new BufferedInputStream(new DigestInputStream(download, sha), 1 << 16);
             FileChannel disk0 = FileChannel.open(device, StandardOpenOption.WRITE)) {
            try {
                compression = Compression.choose(Json.string(action, "compression"), url, raw);
            } catch (IllegalArgumentException e) {
                return ActionResult.failed(e.getMessage());
            }
            progress.log("compression: " + compression.name().toLowerCase(Locale.ROOT));
            byte[] buf = new byte[BUFFER];
            try {
                InputStream data = compression.decompress(raw);
                int n;
                while ((n = data.readNBytes(buf, 0, buf.length)) > 0) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) disk0.write(bb);
                    written += n;
                    progress.update(percent(download), Sizes.human(download.received()) + (download.total() >= 0 ? " of " + Sizes.human(download.total()) : "")
                            + " downloaded, " + Sizes.human(written) + " written to " + deviceName);
                }
            } catch (ResumableDownload.Failed e) {
                throw e;
            } catch (IOException e) {
                if (e.getCause() instanceof ResumableDownload.Failed f) throw f;
                // corrupt data: keep reading, so the digest tells whether the download or the image is at fault
                decompressionError = "the image is not valid " + compression.name().toLowerCase(Locale.ROOT) + " data (" + KilnHttp.describe(e) + ")";
            }
            raw.transferTo(java.io.OutputStream.nullOutputStream()); // bytes after the compressed data count for the digest too
            downloaded = download.received();
            disk0.force(true);
        } catch (ResumableDownload.Failed e) {
            zeroStart(device, progress);
            return ActionResult.failed(e.getMessage() + (written > 0 ? "; the first MiB of " + deviceName + " was zeroed" : ""));
        } catch (IOException e) {
            zeroStart(device, progress);
            return ActionResult.failed("writing " + deviceName + " failed after " + written + " bytes: " + KilnHttp.describe(e));
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(expected)) {
            zeroStart(device, progress);
            return ActionResult.failed("sha256 mismatch: expected " + expected + ", got " + got + "; the first MiB of " + deviceName + " was zeroed"
                    + (decompressionError == null ? "" : "; also " + decompressionError));
        }
        if (decompressionError != null) {
            zeroStart(device, progress);
            return ActionResult.failed(decompressionError + " although its sha256 is right; the first MiB of " + deviceName + " was zeroed");
        }
        state.imageWritten(disk);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("disk", deviceName);
        details.put("bytesWritten", Long.toString(written));
        details.put("bytesDownloaded", Long.toString(downloaded));
        details.put("compression", compression.name().toLowerCase(Locale.ROOT));
        details.put("sha256", got);
        return ActionResult.ok("written " + written + " bytes to " + deviceName + ", sha256 ok", details);
    }

    private static int percent(ResumableDownload d) {
        return d.total() > 0 ? (int) Math.min(100, d.received() * 100 / d.total()) : -1;
    }

    /** Zeroes the first MiB (partition table, boot sector) so the half-written disk is not bootable. */
    private static void zeroStart(Path device, ProgressReporter progress) {
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(ZEROED_BYTES);
            long pos = 0;
            while (zeros.hasRemaining()) pos += ch.write(zeros, pos);
            ch.force(true);
        } catch (IOException e) {
            progress.log("could not zero the start of " + device + ": " + KilnHttp.describe(e) + " — the disk may hold a partial image");
        }
    }
}
