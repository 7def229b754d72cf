package io.kiln.boot.internal;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.InstallMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the files a boot profile names under /artifacts/ (kernel, initrds, and the OS image the agent writes) are
 * there to be served: a missing one is a boot that fails later, at the machine, so the decision says so now. URLs
 * elsewhere are not fetched (an explanation makes no network calls).
 */
final class ProfileArtifacts {
    private ProfileArtifacts() {
    }

    /** @return one sentence per file that would be a 404, each naming the path looked at and why; empty when all are there */
    static List<String> missing(BootProfile p, ArtifactRoot root) {
        List<String> out = new ArrayList<>();
        check(out, root, p, "kernel", p.kernel(), "iPXE gets a 404 for it and the boot stops there");
        for (String initrd : p.initrds()) check(out, root, p, "initrd", initrd, "iPXE gets a 404 for it and the boot stops there");
        if (p.install() == InstallMethod.IMAGE && p.image() != null) {
            check(out, root, p, "OS image", p.image().url(), "the agent's image step fails on it");
        }
        return out;
    }

    private static void check(List<String> out, ArtifactRoot root, BootProfile p, String what, String location, String consequence) {
        if (location.startsWith("http://") || location.startsWith("https://")) return;
        ArtifactRoot.Resolution r = root.resolve(location);
        String why = r instanceof ArtifactRoot.NotFound n ? n.reason() : r instanceof ArtifactRoot.Denied d ? "refused: " + d.reason() : null;
        if (why == null) return;
        out.add("boot will fail: " + what + " '" + location + "' of profile '" + p.name() + "' is not in the artifacts directory ("
                + root.dir().resolve(location) + ": " + why + "); " + consequence);
    }
}
