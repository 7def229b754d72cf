package io.kiln.tftp.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TftpServiceImplTest {

    @TempDir
    Path root;

    @Test
    void rootsKeepTheirOrderAndExpandKarafData() {
        assertEquals(List.of(Path.of("/usr/lib/ipxe"), Path.of("/opt/karaf/data/kiln/artifacts")),
                TftpServiceImpl.roots("/usr/lib/ipxe,${karaf.data}/kiln/artifacts", "/opt/karaf/data"));
        assertEquals(List.of(Path.of("/b"), Path.of("/a")), TftpServiceImpl.roots(" /b , ,/a,", "data"));
    }

    @Test
    void badSettingsAreRejectedWithTheKeyAtFault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TftpServiceImpl.settings(config(true, "127.0.0.1", 0, root.toString(), 0), "data"));
        assertTrue(e.getMessage().startsWith("timeoutSeconds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TftpServiceImpl.settings(config(true, "127.0.0.1", 70000, root.toString(), 2), "data"));
        assertTrue(e.getMessage().startsWith("port"), e.getMessage());
    }

    @Test
    void servesWhenActivatedAndStopsWhenDeactivated() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello");
        TftpServiceImpl service = new TftpServiceImpl(config(true, "127.0.0.1", 0, root.toString(), 2));
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
            TftpServiceImpl service = new TftpServiceImpl(config(true, "127.0.0.1", taken.getLocalPort(), root.toString(), 2));
            assertTrue(service.boundAddress().isEmpty());
            service.deactivate();
        }
    }

    @Test
    void disabledServesNothing() {
        TftpServiceImpl service = new TftpServiceImpl(config(false, "127.0.0.1", 0, root.toString(), 2));
        assertTrue(service.boundAddress().isEmpty());
        service.deactivate();
    }

    private static TftpServiceImpl.Config config(boolean enabled, String address, int port, String roots, int timeout) {
        return new TftpServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TftpServiceImpl.Config.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String roots() {
                return roots;
            }

            @Override
            public int timeoutSeconds() {
                return timeout;
            }

            @Override
            public int retries() {
                return 5;
            }

            @Override
            public int maxBlksize() {
                return 65464;
            }
        };
    }
}
