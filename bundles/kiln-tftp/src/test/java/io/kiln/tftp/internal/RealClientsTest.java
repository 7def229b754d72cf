package io.kiln.tftp.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads with the real clients from the netboot bench (atftp, tftp-hpa, curl), where installed. */
class RealClientsTest {

    @TempDir
    static Path dir;
    static Path root;
    static byte[] content;
    static TftpServer server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        content = new byte[3 * 1024 * 1024 + 77];
        new Random(3).nextBytes(content);
        Files.write(root.resolve("undionly.kpxe"), content);
        server = new TftpServer(new TftpSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(root), 2, 5, 65464), new TftpStats());
        port = server.start().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    @EnabledIf("atftpInstalled")
    void atftpWithBlksizeAndWindowsize() throws Exception {
        Path out = dir.resolve("atftp.out");
        run("atftp", "--option", "blksize 1468", "--option", "windowsize 16", "-g", "-r", "undionly.kpxe",
                "-l", out.toString(), "127.0.0.1", Integer.toString(port));
        assertArrayEquals(content, Files.readAllBytes(out));
    }

    @Test
    @EnabledIf("curlInstalled")
    void curlWithBlksize() throws Exception {
        Path out = dir.resolve("curl.out");
        run("curl", "-s", "-S", "--tftp-blksize", "1468", "-o", out.toString(),
                "tftp://127.0.0.1:" + port + "/undionly.kpxe");
        assertArrayEquals(content, Files.readAllBytes(out));
    }

    @Test
    @EnabledIf("tftpHpaInstalled")
    void tftpHpaPlain() throws Exception {
        Path out = dir.resolve("tftp-hpa.out");
        run("tftp", "-m", "binary", "127.0.0.1", Integer.toString(port), "-c", "get", "undionly.kpxe", out.toString());
        assertArrayEquals(content, Files.readAllBytes(out));
    }

    static boolean atftpInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/atftp"));
    }

    static boolean curlInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/curl"));
    }

    static boolean tftpHpaInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/tftp"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly();
        String log = Files.readString(dir.resolve(command[0] + ".log"));
        assertTrue(exited, command[0] + " hung: " + log);
        assertEquals(0, p.exitValue(), command[0] + " failed: " + log);
    }
}
