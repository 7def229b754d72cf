package io.kiln.tftp.internal;

import io.kiln.config.ConfigFile;
import io.kiln.api.status.Health;
import io.kiln.api.status.SubsystemStatus.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TftpServiceImplTest {

    @TempDir
    Path root;

    @Test
    void rootsKeepTheirOrderAndExpandKarafData() throws IOException {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", root.toString());
        try {
            Files.createDirectories(root.resolve("a"));
            Files.createDirectories(root.resolve("b"));
            ConfigFile cfg = ConfigFile.of(TftpServiceImpl.PID, Map.of("roots", " ${karaf.data}/b , ,${karaf.data}/a,"));
            assertEquals(List.of(root.resolve("b"), root.resolve("a")), TftpServiceImpl.settings(cfg).roots());
            assertEquals(List.of(), cfg.problems());
        } finally {
            if (before == null) System.clearProperty("karaf.data");
            else System.setProperty("karaf.data", before);
        }
    }

    /** Each refused value: the one line kiln:status and the log show, and the server does not start. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port           | abc       | etc/io.kiln.tftp.cfg: port = 'abc' is not a number from 0 to 65535",
            "port           | 70000     | etc/io.kiln.tftp.cfg: port = '70000' is not a number from 0 to 65535",
            "enabled        | maybe     | etc/io.kiln.tftp.cfg: enabled = 'maybe' is not true or false",
            "address        | tftp.lan  | etc/io.kiln.tftp.cfg: address = 'tftp.lan' is not an IP address of this machine (0.0.0.0 = all)",
            "roots          | ' , '     | etc/io.kiln.tftp.cfg: roots = ',' is not a list of directories",
            "timeoutSeconds | 0         | etc/io.kiln.tftp.cfg: timeoutSeconds = '0' is not a number from 1 to 255",
            "retries        | many      | etc/io.kiln.tftp.cfg: retries = 'many' is not a number from 0 to 100",
            "maxBlksize     | 65465     | etc/io.kiln.tftp.cfg: maxBlksize = '65465' is not a number from 8 to 65464"})
    void aRefusedValueKeepsTheServerDownAndSaysWhy(String key, String value, String message) {
        Map<String, Object> p = new HashMap<>(properties(true, 0, root.toString()));
        p.put(key, value);
        TftpServiceImpl service = new TftpServiceImpl(p);
        try {
            assertTrue(service.boundAddress().isEmpty(), "not serving");
            assertEquals(Health.down("not serving: " + message), service.health());
            assertEquals("error: " + message, service.status().state());
        } finally {
            service.deactivate();
        }
    }

    @Test
    void unknownKeysAndMissingRootsDegradeButServe() {
        Map<String, Object> p = new HashMap<>(properties(true, 0, root + "," + root.resolve("missing")));
        p.put("portt", "70");
        p.put("service.pid", TftpServiceImpl.PID);
        p.put("felix.fileinstall.filename", "file:/opt/kiln/etc/io.kiln.tftp.cfg");
        TftpServiceImpl service = new TftpServiceImpl(p);
        try {
            assertTrue(service.boundAddress().isPresent(), "serving");
            assertEquals(State.DEGRADED, service.health().state());
            assertEquals("etc/io.kiln.tftp.cfg: roots: directory '" + root.resolve("missing") + "' does not exist; "
                    + "etc/io.kiln.tftp.cfg: unknown key 'portt' ignored (known: address, enabled, maxBlksize, port, retries, "
                    + "roots, timeoutSeconds)", service.health().reason());
            assertEquals("serving", service.status().state());
            assertEquals("tftp", service.subsystem());
        } finally {
            service.deactivate();
        }
    }

    @Test
    void servesWhenActivatedAndStopsWhenDeactivated() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello");
        TftpServiceImpl service = new TftpServiceImpl(properties(true, 0, root.toString()));
        InetSocketAddress bound = service.boundAddress().orElseThrow();
        try (TinyTftpClient c = new TinyTftpClient(bound)) {
            assertArrayEquals("hello".getBytes(), c.download("hello.txt").content());
        } finally {
            service.deactivate();
        }
        assertEquals(1, service.stats().requests());
        // the port is free again: a restart after a configuration change can bind it
        try (DatagramSocket s = new DatagramSocket(bound)) {
            assertEquals(bound.getPort(), s.getLocalPort());
        }
    }

    @Test
    void portInUseIsLoggedNotThrown() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            TftpServiceImpl service = new TftpServiceImpl(properties(true, taken.getLocalPort(), root.toString()));
            assertTrue(service.boundAddress().isEmpty());
            assertEquals(State.DOWN, service.health().state());
            assertTrue(service.health().reason().startsWith("not serving: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    service.health().reason());
            service.deactivate();
        }
    }

    @Test
    void disabledServesNothing() {
        TftpServiceImpl service = new TftpServiceImpl(properties(false, 0, root.resolve("no-ipxe-here").toString()));
        assertTrue(service.boundAddress().isEmpty());
        assertEquals("disabled", service.status().state());
        assertEquals(State.UP, service.health().state(), "turned off on purpose, its roots unread");
        assertTrue(service.health().reason().startsWith("disabled (enabled = false in "), service.health().reason());
        service.deactivate();
    }

    private static Map<String, Object> properties(boolean enabled, int port, String roots) {
        return Map.of("enabled", String.valueOf(enabled), "address", "127.0.0.1", "port", port, "roots", roots);
    }
}
