package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnboardingTest {
    @TempDir
    Path dir;

    @Test
    void a403StopsWithTheOperatorsReason() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            kiln.refuseOnboarding = true;
            Hardware hw = new HardwareDiscovery(HardwareDiscoveryTest.TWO_DISKS).discover();
            AgentFailure e = assertThrows(AgentFailure.class,
                    () -> new Onboarding(kiln.url(), kiln.pki.caSha256, null, m -> { }).onboard(hw));
            assertEquals(ExitCode.REFUSED, e.exitCode());
            assertTrue(e.getMessage().contains("an operator rejected this machine"), e.getMessage());
            assertEquals(1, kiln.onboardRequests.size(), "not retried");
            assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4a31", kiln.onboardRequests.get(0).get("uuid"));
            assertTrue(kiln.onboardRequests.get(0).containsKey("token"), "no enrollment token: sent as null, as the protocol says");
            assertEquals(null, kiln.onboardRequests.get(0).get("token"));
        }
    }

    @Test
    void kernelCommandLineGivesTheKilnArguments() {
        KernelCommandLine c = KernelCommandLine.parse("BOOT_IMAGE=/vmlinuz console=ttyS0 kiln.https=https://10.0.0.1:8443 kiln.ca=ab kiln.token= kiln.host=vm-1\n");
        assertEquals("https://10.0.0.1:8443", c.get("kiln.https"));
        assertEquals("ab", c.get("kiln.ca"));
        assertEquals(null, c.get("kiln.token"), "empty means absent");
        assertEquals("vm-1", c.get("kiln.host"));
    }
}
