package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactRootTest {

    @TempDir
    Path tmp;
    Path dir;
    ArtifactRoot root;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(tmp.resolve("artifacts"));
        Files.createDirectories(dir.resolve("microos"));
        Files.writeString(dir.resolve("microos/linux"), "kernel");
        Files.writeString(dir.resolve("a b.img"), "spaced");
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(secret.resolve("shadow"), "nope");
        Files.createSymbolicLink(dir.resolve("escape"), secret.resolve("shadow"));
        Files.createSymbolicLink(dir.resolve("escape-dir"), secret);
        Files.createSymbolicLink(dir.resolve("current"), dir.resolve("microos"));
        root = new ArtifactRoot(dir);
    }

    Path found(String path) {
        return assertInstanceOf(ArtifactRoot.Found.class, root.resolve(path)).file();
    }

    @Test
    void regularFilesAreFoundWithSizeAndModificationTime() throws IOException {
        Files.setLastModifiedTime(dir.resolve("microos/linux"), FileTime.fromMillis(1_700_000_000_000L));
        ArtifactRoot.Found f = assertInstanceOf(ArtifactRoot.Found.class, root.resolve("/microos/linux"));
        assertEquals(dir.resolve("microos/linux").toRealPath(), f.file());
        assertEquals(6, f.size());
        assertEquals(1_700_000_000_000L, f.lastModifiedMillis());
        assertEquals(dir.resolve("a b.img").toRealPath(), found("/a b.img"));
    }

    @Test
    void symlinksThatStayInsideAreFollowed() throws IOException {
        assertEquals(dir.resolve("microos/linux").toRealPath(), found("/current/linux"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/microos", "/current", "/missing", "/microos/missing", "/", ""})
    void directoriesAndMissingFilesAreNotFound(String path) {
        assertInstanceOf(ArtifactRoot.NotFound.class, root.resolve(path));
    }

    @Test
    void aMissingDirectoryMeansNotFound() {
        assertInstanceOf(ArtifactRoot.NotFound.class, new ArtifactRoot(tmp.resolve("nothing-here")).resolve("/linux"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret/shadow", "/microos/../../secret/shadow", "/microos/../linux", "/..", "/a/..",
            "//etc/passwd", "/microos\\..\\..\\secret", "/linux\0.txt", "/escape", "/escape-dir/shadow"})
    void traversalAbsolutePathsAndEscapingSymlinksAreDenied(String path) {
        assertInstanceOf(ArtifactRoot.Denied.class, root.resolve(path));
    }

    @Test
    void aFileReplacedByAnEscapingLinkIsDeniedAtOnceEvenWhileItsRealPathIsRemembered() throws IOException {
        long[] now = {0};
        ArtifactRoot remembering = new ArtifactRoot(dir, () -> now[0]);
        assertInstanceOf(ArtifactRoot.Found.class, remembering.resolve("/a b.img"));
        Files.delete(dir.resolve("a b.img"));
        Files.createSymbolicLink(dir.resolve("a b.img"), tmp.resolve("secret/shadow"));
        assertInstanceOf(ArtifactRoot.Denied.class, remembering.resolve("/a b.img"));
        Files.delete(dir.resolve("a b.img"));
        assertInstanceOf(ArtifactRoot.NotFound.class, remembering.resolve("/a b.img"));
    }

    @Test
    void aRepointedDirectoryLinkTakesEffectWithinTheRecheckTime() throws IOException {
        long[] now = {0};
        ArtifactRoot remembering = new ArtifactRoot(dir, () -> now[0]);
        assertEquals(dir.resolve("microos/linux").toRealPath(), assertInstanceOf(ArtifactRoot.Found.class, remembering.resolve("/current/linux")).file());
        Files.createDirectories(dir.resolve("v2"));
        Files.writeString(dir.resolve("v2/linux"), "kernel 2");
        Files.delete(dir.resolve("current"));
        Files.createSymbolicLink(dir.resolve("current"), dir.resolve("v2"));
        now[0] += ArtifactRoot.RECHECK_NANOS - 1; // still the remembered file, which is inside
        assertEquals(dir.resolve("microos/linux").toRealPath(), assertInstanceOf(ArtifactRoot.Found.class, remembering.resolve("/current/linux")).file());
        now[0] += 1;
        assertEquals(dir.resolve("v2/linux").toRealPath(), assertInstanceOf(ArtifactRoot.Found.class, remembering.resolve("/current/linux")).file());
        // and a link repointed outside is denied once the time is up
        Files.delete(dir.resolve("current"));
        Files.createSymbolicLink(dir.resolve("current"), tmp.resolve("secret"));
        Files.writeString(tmp.resolve("secret/linux"), "outside");
        now[0] += ArtifactRoot.RECHECK_NANOS;
        assertInstanceOf(ArtifactRoot.Denied.class, remembering.resolve("/current/linux"));
    }
}
