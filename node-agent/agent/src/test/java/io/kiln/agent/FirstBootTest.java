package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstBootTest {
    @TempDir
    Path dir;

    @Test
    void postsTheMarkerWithTheTokenAndClientCertificate() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            Credentials c = kiln.pki.credentials(kiln.url(), kiln.url() + "/agent/v1", FakeKiln.TOKEN);
            c.writeTo(dir.resolve("etc-kiln"), false);
            Files.writeString(dir.resolve("marker"), "  written-by-kiln-7f3a\n");
            kiln.firstbootFailures = 1; // Kiln not ready at the first try
            List<Long> sleeps = new ArrayList<>();
            new FirstBoot(dir.resolve("etc-kiln"), dir.resolve("marker"), HardwareDiscoveryTest.TWO_DISKS, 5_000, 300_000, sleeps::add).report();

            assertEquals(List.of(5_000L), sleeps, "one retry after the 503");
            Map<String, Object> body = kiln.firstbootBody;
            assertNotNull(body);
            assertEquals("written-by-kiln-7f3a", body.get("marker"));
            assertEquals("CN7475123A0123", ((Map<?, ?>) body.get("facts")).get("dmi.serial"));
            assertEquals("Bearer " + FakeKiln.TOKEN, kiln.firstbootAuthorization);
            assertNotNull(kiln.firstbootClientCertificate, "the client certificate was presented");
            assertEquals(c.certificateChain().get(0), kiln.firstbootClientCertificate);
        }
    }

    @Test
    void givesUpWithAnExitCodeWhenKilnNeverAccepts() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            kiln.pki.credentials(kiln.url(), kiln.url() + "/agent/v1", FakeKiln.TOKEN).writeTo(dir.resolve("etc-kiln"), false);
            Files.writeString(dir.resolve("marker"), "m");
            kiln.firstbootFailures = Integer.MAX_VALUE;
            AgentFailure e = assertThrows(AgentFailure.class,
                    () -> new FirstBoot(dir.resolve("etc-kiln"), dir.resolve("marker"), HardwareDiscoveryTest.VM1, 5_000, 20_000, m -> { }).report());
            assertEquals(ExitCode.GAVE_UP, e.exitCode());
            assertTrue(e.getMessage().contains("within 20 s") && e.getMessage().contains("Kiln is starting"), e.getMessage());
        }
    }

    @Test
    void missingCredentialsAreAUsageErrorNamingTheDirectory() {
        AgentFailure e = assertThrows(AgentFailure.class,
                () -> new FirstBoot(dir.resolve("nothing"), dir.resolve("marker"), HardwareDiscoveryTest.VM1, 1, 1, m -> { }).report());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("cannot read this host's Kiln credentials in " + dir.resolve("nothing")), e.getMessage());
    }
}
