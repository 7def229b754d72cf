package io.kiln.tftp.internal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class TftpRootsTest {

    @TempDir
    Path tmp;
    Path first;
    Path second;
    Path outside;
    TftpRoots roots;

    @BeforeEach
    void setUp() throws IOException {
        first = Files.createDirectories(tmp.resolve("ipxe"));
        second = Files.createDirectories(tmp.resolve("artifacts"));
        outside = Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(first.resolve("undionly.kpxe"), "first");
        Files.writeString(second.resolve("undionly.kpxe"), "second");
        Files.createDirectories(second.resolve("os/debian"));
        Files.writeString(second.resolve("os/debian/linux"), "kernel");
        Files.writeString(outside.resolve("shadow"), "nope");
        roots = new TftpRoots(List.of(first, second));
    }

    @Test
    void firstRootWins() throws IOException {
        assertEquals(first.resolve("undionly.kpxe").toRealPath(), found("undionly.kpxe"));
    }

    @Test
    void laterRootsAreSearchedToo() throws IOException {
        assertEquals(second.resolve("os/debian/linux").toRealPath(), found("os/debian/linux"));
        assertEquals(second.resolve("os/debian/linux").toRealPath(), found("os//debian/./linux"));
    }

    @Test
    void oneLeadingSlashIsStrippedForNamesInARoot() throws IOException {
        assertEquals(first.resolve("undionly.kpxe").toRealPath(), found("/undionly.kpxe"));
        assertEquals(second.resolve("os/debian/linux").toRealPath(), found("/os/debian/linux"));
    }

    @Test
    void absolutePathInsideARootIsServed() throws IOException {
        assertEquals(second.resolve("undionly.kpxe").toRealPath(), found(second.resolve("undionly.kpxe").toString()));
    }

    @Test
    void missingFilesAndDirectoriesAreNotFound() {
        assertInstanceOf(TftpRoots.NotFound.class, roots.resolve("pxelinux.cfg/default"));
        assertInstanceOf(TftpRoots.NotFound.class, roots.resolve("os/debian"));
        assertInstanceOf(TftpRoots.NotFound.class, roots.resolve(second + "/missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret/shadow", "os/../../secret/shadow", "os/../undionly.kpxe", "..", "a/..",
            "/etc/passwd", "/missing.kpxe", "//undionly.kpxe", "/", "undionly.kpxe\0.txt"})
    void escapesAndForeignAbsolutePathsAreDenied(String name) {
        assertInstanceOf(TftpRoots.Denied.class, roots.resolve(name));
    }

    @Test
    void absolutePathToTheSecretIsDenied() {
        assertInstanceOf(TftpRoots.Denied.class, roots.resolve(outside.resolve("shadow").toString()));
    }

    @Test
    void symlinkLeavingTheRootIsDeniedEvenIfALaterRootHasTheName() throws IOException {
        Files.createSymbolicLink(first.resolve("leak"), outside.resolve("shadow"));
        Files.writeString(second.resolve("leak"), "harmless");
        assertInstanceOf(TftpRoots.Denied.class, roots.resolve("leak"));
    }

    @Test
    void symlinkedDirectoryLeavingTheRootIsDenied() throws IOException {
        Files.createSymbolicLink(first.resolve("dir"), outside);
        assertInstanceOf(TftpRoots.Denied.class, roots.resolve("dir/shadow"));
    }

    @Test
    void symlinkInsideTheRootIsFollowed() throws IOException {
        Files.createSymbolicLink(second.resolve("vmlinuz"), second.resolve("os/debian/linux"));
        Files.createSymbolicLink(second.resolve("current"), Path.of("os/debian"));
        assertEquals(second.resolve("os/debian/linux").toRealPath(), found("vmlinuz"));
        assertEquals(second.resolve("os/debian/linux").toRealPath(), found("current/linux"));
    }

    @Test
    void rootThatIsItselfASymlinkWorks() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("tftpboot"), second);
        TftpRoots viaLink = new TftpRoots(List.of(link));
        assertEquals(second.resolve("os/debian/linux").toRealPath(),
                assertInstanceOf(TftpRoots.Found.class, viaLink.resolve("os/debian/linux")).file());
    }

    @Test
    void missingRootIsSkipped() throws IOException {
        TftpRoots withMissing = new TftpRoots(List.of(tmp.resolve("nope"), second));
        assertEquals(second.resolve("undionly.kpxe").toRealPath(),
                assertInstanceOf(TftpRoots.Found.class, withMissing.resolve("undionly.kpxe")).file());
    }

    private Path found(String name) {
        return assertInstanceOf(TftpRoots.Found.class, roots.resolve(name)).file();
    }
}
