package io.kiln.redfish.testservice;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find DMTF's mockup: the system property surefire sets (../shared beside the repository). */
final class Mockup {

    private Mockup() {
    }

    static Path dir() {
        String p = System.getProperty(RedfishTestService.MOCKUP_PROPERTY);
        if (p == null) {
            throw new AssertionError("-D" + RedfishTestService.MOCKUP_PROPERTY + " is not set (surefire sets it)");
        }
        Path dir = Path.of(p);
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            throw new AssertionError("no Redfish mockup at " + dir.toAbsolutePath()
                    + " (CI clones the repository with ../shared beside it)");
        }
        return dir;
    }
}
