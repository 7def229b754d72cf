package io.kiln.plugin.drivers.nvidia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Derives the committed drivers.tsv again from the Debian sources it names (vendor-plugins/drivers-data/derive.py
 * --check) and expects the same file. Skipped where the sources are not on the machine: pci.ids of the same hwdata
 * and the kernel's modules.alias in the cache fetch.sh fills.
 */
class DerivedTablesTest {

    @Test
    void theCommittedTableIsWhatTheDebianSourcesSay() throws IOException, InterruptedException {
        Path script = Path.of("..", "drivers-data", "derive.py").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(script), "no " + script);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), "--check", "--only", "nvidia").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "derive.py did not finish");
        assumeTrue(p.exitValue() != 3, "sources not here (run vendor-plugins/drivers-data/fetch.sh): " + out);
        assertEquals(0, p.exitValue(), out);
    }
}
