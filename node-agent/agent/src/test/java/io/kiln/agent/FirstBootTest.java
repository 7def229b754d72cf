package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
    void anExpiredTokenIsRenewedFirstAndTheConfigDirectoryGetsTheRenewedFiles() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            // Kiln's AgentServlet refuses an expired token for renewal too; this is the agent's side when it is let through
            kiln.renewalAcceptsExpiredToken = true;
            Path config = dir.resolve("etc-kiln");
            Credentials old = writeCredentials(kiln, config, Instant.now().minus(Duration.ofHours(25)), Instant.now().minus(Duration.ofHours(1)));
            String caPem = Files.readString(config.resolve("ca.pem"));
            String env = Files.readString(config.resolve("kiln.env"));
            Files.writeString(dir.resolve("marker"), "m-1\n");
            List<Long> sleeps = new ArrayList<>();
            new FirstBoot(config, dir.resolve("marker"), HardwareDiscoveryTest.VM1, 5_000, 300_000, sleeps::add).report();

            assertEquals(List.of(200), kiln.renewalAnswers);
            FakeKiln.Call renewal = kiln.calls.get(0);
            assertEquals("/agent/v1/certificate", renewal.path(), "renewed before the report: " + kiln.calls);
            assertEquals("Bearer " + old.token(), renewal.authorization());
            assertEquals(Pem.sha256(old.certificateChain().get(0)), renewal.clientCertificateSha256());
            String newToken = kiln.renewedTokens.get(0);
            X509Certificate newCert = TestPki.first(kiln.issuedCertificates.get(0));
            assertEquals("Bearer " + newToken, kiln.firstbootAuthorization);
            assertEquals(newCert, kiln.firstbootClientCertificate);
            assertEquals("m-1", kiln.firstbootBody.get("marker"));
            assertEquals(List.of(), sleeps, "accepted at the first attempt");

            // later boots find the renewed credentials; ca.pem and kiln.env as they were
            assertEquals(newToken + "\n", Files.readString(config.resolve("token")));
            assertEquals(kiln.issuedCertificates.get(0), Files.readString(config.resolve("host.pem")));
            assertTrue(RenewalTest.pairs(Pem.privateKey(Files.readString(config.resolve("host.key"))), newCert));
            for (String f : List.of("host.pem", "host.key", "token")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.resolve(f))), f);
            }
            assertEquals(caPem, Files.readString(config.resolve("ca.pem")));
            assertEquals(env, Files.readString(config.resolve("kiln.env")));
            try (var files = Files.list(config)) {
                assertEquals(List.of("ca.pem", "host.key", "host.pem", "kiln.env", "token"), files.map(f -> f.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Test
    void aTokenNearItsExpiryIsRenewedFirst() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            Path config = dir.resolve("etc-kiln");
            // 24 h token with 4 h left: less than a third; still valid, so Kiln as it is accepts the renewal
            writeCredentials(kiln, config, Instant.now().minus(Duration.ofHours(20)), Instant.now().plus(Duration.ofHours(4)));
            Files.writeString(dir.resolve("marker"), "m-2");
            new FirstBoot(config, dir.resolve("marker"), HardwareDiscoveryTest.VM1, 5_000, 300_000, m -> { }).report();

            assertEquals(List.of(200), kiln.renewalAnswers);
            assertEquals("Bearer " + kiln.renewedTokens.get(0), kiln.firstbootAuthorization);
            assertEquals(kiln.renewedTokens.get(0) + "\n", Files.readString(config.resolve("token")));
        }
    }

    @Test
    void aRefusedRenewalLeavesTheConfigDirectoryAsItWas() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            Path config = dir.resolve("etc-kiln");
            // as Kiln is: the expired token is refused (401) for the renewal as for the report
            Credentials old = writeCredentials(kiln, config, Instant.now().minus(Duration.ofHours(25)), Instant.now().minus(Duration.ofHours(1)));
            Files.writeString(dir.resolve("marker"), "m-3");
            AgentFailure e = assertThrows(AgentFailure.class,
                    () -> new FirstBoot(config, dir.resolve("marker"), HardwareDiscoveryTest.VM1, 5_000, 10_000, m -> { }).report());

            assertEquals(ExitCode.GAVE_UP, e.exitCode());
            assertTrue(e.getMessage().contains("token expired"), e.getMessage());
            List<FakeKiln.Call> renewals = kiln.calls.stream().filter(c -> c.path().equals("/agent/v1/certificate")).toList();
            assertEquals(3, renewals.size(), "tried before each of the 3 attempts: " + kiln.calls);
            assertTrue(renewals.stream().allMatch(c -> c.status() == 401), renewals.toString());
            assertEquals(old.token() + "\n", Files.readString(config.resolve("token")));
            assertEquals(old.certificatePem(), Files.readString(config.resolve("host.pem")));
        }
    }

    /** This host's credentials in {@code config} as the files action writes them, with a token issued and expiring as given. */
    private static Credentials writeCredentials(FakeKiln kiln, Path config, Instant issued, Instant expires) throws Exception {
        Credentials c = kiln.pki.credentials(kiln.url(), kiln.url() + "/agent/v1", "unused");
        Credentials withToken = new Credentials(c.https(), c.caSha256(), c.agentUrl(), kiln.issueToken(c.certificatePem(), issued, expires),
                c.key(), c.certificatePem(), c.caPem());
        withToken.writeTo(config, false);
        return withToken;
    }

    @Test
    void missingCredentialsAreAUsageErrorNamingTheDirectory() {
        AgentFailure e = assertThrows(AgentFailure.class,
                () -> new FirstBoot(dir.resolve("nothing"), dir.resolve("marker"), HardwareDiscoveryTest.VM1, 1, 1, m -> { }).report());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("cannot read this host's Kiln credentials in " + dir.resolve("nothing")), e.getMessage());
    }
}
