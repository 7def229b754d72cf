package io.kiln.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code files}: mount a partition of the disk the last image went to, write the files (and, when
 * {@code credentialsDir} is set, this host's credentials for the installed system's first boot), unmount.
 */
final class FilesAction implements Action {
    private final PartitionMounter mounter;
    private final ProvisioningState state;
    private final Supplier<Credentials> credentials;

    FilesAction(PartitionMounter mounter, ProvisioningState state, Supplier<Credentials> credentials) {
        this.mounter = mounter;
        this.state = state;
        this.credentials = credentials;
    }

    /** {@code 1} of vda → {@code /dev/vda1}; of nvme0n1 (name ends in a digit) → {@code /dev/nvme0n1p1}; {@code LABEL=x} → by-label. */
    static String partitionDevice(String diskName, String partition) {
        if (partition.startsWith("LABEL=")) return "/dev/disk/by-label/" + partition.substring(6);
        if (!partition.matches("[1-9]\\d*")) throw new IllegalArgumentException("partition '" + partition + "' is neither a number from 1 nor LABEL=name");
        return "/dev/" + diskName + (Character.isDigit(diskName.charAt(diskName.length() - 1)) ? "p" : "") + partition;
    }

    @Override
    public ActionResult run(Map<String, Object> action, ProgressReporter progress) throws InterruptedException {
        String partition = Json.string(action, "partition");
        if (partition == null) return ActionResult.failed("the files action names no partition");
        Disk disk = state.imageDisk();
        String device;
        try {
            if (disk == null && !partition.startsWith("LABEL=")) {
                return ActionResult.failed("no image was written in this run, so partition " + partition + " of which disk is unknown");
            }
            device = partitionDevice(disk == null ? "" : disk.name(), partition);
        } catch (IllegalArgumentException e) {
            return ActionResult.failed(e.getMessage());
        }
        Path root;
        try {
            root = mounter.mount(device);
        } catch (IOException e) {
            return ActionResult.failed(e.getMessage());
        }
        int count = 0;
        String failure = null;
        try {
            for (Object o : Json.list(action, "files")) {
                if (!(o instanceof Map<?, ?> m)) continue;
                @SuppressWarnings("unchecked") Map<String, Object> file = (Map<String, Object>) m;
                String path = Json.string(file, "path");
                Path target = inside(root, path);
                byte[] content = file.get("contentBase64") != null
                        ? Base64.getMimeDecoder().decode(Json.string(file, "contentBase64"))
                        : String.valueOf(file.getOrDefault("content", "")).getBytes(StandardCharsets.UTF_8);
                Files.createDirectories(target.getParent());
                Files.write(target, content);
                String mode = Json.string(file, "mode");
                if (mode != null) FileModes.set(target, FileModes.fromOctal(mode));
                progress.log("wrote " + path + " (" + content.length + " bytes" + (mode == null ? "" : ", mode " + mode) + ") on " + device);
                count++;
            }
            String credentialsDir = Json.string(action, "credentialsDir");
            if (credentialsDir != null) {
                credentials.get().writeTo(inside(root, credentialsDir), false);
                progress.log("wrote this host's credentials to " + credentialsDir + " on " + device);
            }
        } catch (IOException | IllegalArgumentException e) {
            failure = "writing files on " + device + " failed: " + KilnHttp.describe(e);
        } finally {
            try {
                mounter.unmount(root);
            } catch (IOException e) {
                failure = (failure == null ? "" : failure + "; ") + "unmounting " + device + " failed: " + e.getMessage();
            }
        }
        if (failure != null) return ActionResult.failed(failure);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("partition", device);
        details.put("files", Integer.toString(count));
        return ActionResult.ok("wrote " + count + " files on " + device
                + (action.get("credentialsDir") != null ? " and the credentials in " + action.get("credentialsDir") : ""), details);
    }

    /** The absolute path inside the mounted file system; never outside it. */
    private static Path inside(Path root, String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("a file has no path");
        Path p = root.resolve(path.replaceFirst("^/+", "")).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("path '" + path + "' leaves the partition");
        return p;
    }
}
