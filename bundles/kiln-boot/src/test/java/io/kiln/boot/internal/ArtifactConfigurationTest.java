package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.status.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etc/io.kiln.artifacts.cfg applied in place: the servlet asks for the directories, its registration never changes. */
class ArtifactConfigurationTest {

    @Test
    void aChangeSwapsTheDirectoriesAndSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectory(dir.resolve("a")), b = Files.createDirectory(dir.resolve("b"));
        ArtifactConfiguration config = new ArtifactConfiguration(Map.of("artifactsDir", a.toString(), "loadersDir", b.toString()));
        assertEquals(Health.up(), config.health());
        assertEquals(a, config.roots().artifacts().dir());

        Path missing = dir.resolve("nowhere");
        config.modified(Map.of("artifactsDir", b.toString(), "loadersDir", missing.toString(), "artifactDir", "x"));
        assertEquals(b, config.roots().artifacts().dir(), "applied in place");
        String reason = config.health().reason();
        assertEquals(io.kiln.api.status.SubsystemStatus.State.DEGRADED, config.health().state(), reason);
        assertEquals(true, reason.contains("loadersDir") && reason.contains(missing.toString()) && reason.contains("unknown key 'artifactDir'"), reason);
    }
}
