package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal of certificate and token in run mode, against the fake Kiln. The agent and the fake share a
 * {@link TestClock}; the {@code wait} action's sleep advances it, so a short-lived token ages without real waiting.
 */
class RenewalTest {
    @TempDir
    Path dir;

    @Test
    void aShortLivedTokenIsRenewedBeforeALaterCallWhichCarriesTheNewTokenAndCertificate() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            Agent agent = runAgent(kiln);

            assertEquals(List.of(200), kiln.renewalAnswers, "renewed once");
            String oldCert = FakeKiln.sha256(kiln.issuedCertificates.get(0));
            String newCert = FakeKiln.sha256(kiln.issuedCertificates.get(1));
            String newToken = kiln.renewedTokens.get(0);
            List<FakeKiln.Call> calls = new ArrayList<>(kiln.calls);
            int renewal = indexOf(calls, "/agent/v1/certificate", 0);
            FakeKiln.Call r = calls.get(renewal);
            assertEquals("Bearer " + FakeKiln.TOKEN, r.authorization(), "renewal authenticated with the current token");
            assertEquals(oldCert, r.clientCertificateSha256(), "renewal authenticated with the current certificate");
            for (FakeKiln.Call c : calls.subList(0, renewal)) {
                assertEquals("Bearer " + FakeKiln.TOKEN, c.authorization(), "before the renewal: " + c);
                assertEquals(oldCert, c.clientCertificateSha256(), "before the renewal: " + c);
            }
            List<FakeKiln.Call> after = calls.subList(renewal + 1, calls.size());
            assertTrue(after.stream().anyMatch(c -> c.path().equals("/agent/v1/actions/a1/result")), "the later calls: " + after);
            for (FakeKiln.Call c : after) {
                assertEquals("Bearer " + newToken, c.authorization(), "after the renewal: " + c);
                assertEquals(newCert, c.clientCertificateSha256(), "after the renewal: " + c);
            }
            assertTrue(calls.stream().allMatch(c -> c.status() == 0), "no request refused: " + calls);
            assertEquals(true, kiln.results.get("a1").get("ok"), String.valueOf(kiln.results.get("a1")));

            // a new key: the renewed certificate is for another public key than onboarding's
            assertNotEquals(TestPki.first(kiln.issuedCertificates.get(0)).getPublicKey(), TestPki.first(kiln.issuedCertificates.get(1)).getPublicKey());
            // in memory and in the state directory, like onboarding's
            Credentials now = agent.credentials();
            assertEquals(newToken, now.token());
            assertEquals(kiln.issuedCertificates.get(1), now.certificatePem());
            Path state = dir.resolve("state");
            assertEquals(newToken + "\n", Files.readString(state.resolve("token")));
            assertEquals(kiln.issuedCertificates.get(1), Files.readString(state.resolve("host.pem")));
            assertTrue(pairs(Pem.privateKey(Files.readString(state.resolve("host.key"))), TestPki.first(kiln.issuedCertificates.get(1))),
                    "state/host.key is the renewed certificate's key");
            for (String f : List.of("ca.pem", "host.pem", "host.key", "token", "kiln.env")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(f))), "state/" + f);
            }
        }
    }

    @Test
    void aRenewalAnswered503KeepsTheOldCredentialsAndIsTriedAgainAtTheNextCall() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            kiln.certificateFailures = 1;
            runAgent(kiln);

            assertEquals(List.of(503, 200), kiln.renewalAnswers, "failed once, then renewed at a later call");
            String oldCert = FakeKiln.sha256(kiln.issuedCertificates.get(0));
            String newToken = kiln.renewedTokens.get(0);
            List<FakeKiln.Call> calls = new ArrayList<>(kiln.calls);
            int failed = indexOf(calls, "/agent/v1/certificate", 0);
            int renewed = indexOf(calls, "/agent/v1/certificate", failed + 1);
            for (FakeKiln.Call c : calls.subList(0, renewed + 1)) {
                assertEquals("Bearer " + FakeKiln.TOKEN, c.authorization(), "until the renewal worked: " + c);
                assertEquals(oldCert, c.clientCertificateSha256(), "until the renewal worked: " + c);
            }
            assertTrue(renewed > failed + 1, "calls went on between the failed and the successful renewal: " + calls);
            assertEquals("/agent/v1/next", calls.get(failed + 1).path(), "the call the failed renewal preceded went out: " + calls);
            for (FakeKiln.Call c : calls.subList(renewed + 1, calls.size())) {
                assertEquals("Bearer " + newToken, c.authorization(), "after the renewal: " + c);
            }
            assertEquals(true, kiln.results.get("a1").get("ok"), "the run went on: " + kiln.results.get("a1"));
        }
    }

    @Test
    void aRenewalThatKeepsFailingLeavesTheOldCredentialsInUseAndOnDisk() throws Exception {
        try (FakeKiln kiln = new FakeKiln(TestPki.create(dir.resolve("pki")))) {
            kiln.certificateFailures = Integer.MAX_VALUE;
            Agent agent = runAgent(kiln);

            assertTrue(kiln.renewalAnswers.size() >= 2 && kiln.renewalAnswers.stream().allMatch(s -> s == 503),
                    "tried again at each later call: " + kiln.renewalAnswers);
            String oldCert = FakeKiln.sha256(kiln.issuedCertificates.get(0));
            for (FakeKiln.Call c : kiln.calls) {
                assertEquals("Bearer " + FakeKiln.TOKEN, c.authorization(), c.toString());
                assertEquals(oldCert, c.clientCertificateSha256(), c.toString());
                assertEquals(0, c.status(), c.toString());
            }
            assertEquals(true, kiln.results.get("a1").get("ok"), "the run went on: " + kiln.results.get("a1"));
            assertEquals(FakeKiln.TOKEN, agent.credentials().token());
            assertEquals(FakeKiln.TOKEN + "\n", Files.readString(dir.resolve("state/token")));
            assertEquals(kiln.issuedCertificates.get(0), Files.readString(dir.resolve("state/host.pem")));
        }
    }

    @Test
    void aThirdOfTheLifetimeLeftIsWhenRenewalIsDue() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant exp = t0.plus(Duration.ofHours(24));
        assertFalse(Lease.lessThanAThirdLeft(t0, exp, t0.plus(Duration.ofHours(16))), "exactly a third left");
        assertTrue(Lease.lessThanAThirdLeft(t0, exp, t0.plus(Duration.ofHours(16)).plusSeconds(1)));
        assertTrue(Lease.lessThanAThirdLeft(t0, exp, exp.plusSeconds(1)), "expired");
        assertFalse(Lease.lessThanAThirdLeft(t0, null, exp), "unknown expiry");
        assertFalse(Lease.lessThanAThirdLeft(null, exp, exp.minusSeconds(1)), "unknown start: only once expired");
        assertTrue(Lease.lessThanAThirdLeft(null, exp, exp));
    }

    /**
     * Onboards with a token that lives 6 s, then: wait 5 s (the clock moves; 1 s left, less than a third), a script
     * action, done. The fake refuses an expired token, so everything after the wait works only if the old token was
     * still good or renewed.
     */
    private Agent runAgent(FakeKiln kiln) throws Exception {
        TestClock clock = new TestClock(Instant.now());
        kiln.clock = clock;
        kiln.pendingOnboards = 0;
        kiln.onboardTokenLifetime = Duration.ofSeconds(6);
        kiln.actions.add(Map.of("id", "w", "type", "wait", "seconds", 5));
        kiln.actions.add(Map.of("id", "a1", "type", "script", "script", "echo after the wait\n", "timeoutSeconds", 30));
        kiln.actions.add(Map.of("id", "end", "type", "done"));
        AgentSettings s = new AgentSettings();
        s.https = kiln.url();
        s.caSha256 = kiln.pki.caSha256;
        s.root = HardwareDiscoveryTest.VM1;
        s.devRoot = dir.resolve("dev");
        s.stateDir = dir.resolve("state");
        s.heartbeatMillis = 3_600_000; // the first beat only, at start
        s.progressMillis = 3_600_000; // only each action's final report
        s.clock = clock;
        PartitionMounter noMounts = new PartitionMounter() {
            @Override
            public Path mount(String device) {
                throw new AssertionError("no files action here");
            }

            @Override
            public void unmount(Path mountPoint) {
            }
        };
        Sleeper sleeper = millis -> {
            // the heartbeat thread's first beat has to be over before time moves, so the order of calls is known
            for (int i = 0; kiln.heartbeats.get() == 0; i++) {
                if (i > 6_000) throw new AssertionError("the first heartbeat never came");
                Thread.sleep(10);
            }
            clock.advance(Duration.ofMillis(millis));
        };
        Agent agent = new Agent(s, noMounts, () -> { }, sleeper);
        agent.run().close();
        return agent;
    }

    private static int indexOf(List<FakeKiln.Call> calls, String path, int from) {
        for (int i = from; i < calls.size(); i++) {
            if (calls.get(i).path().equals(path)) return i;
        }
        throw new AssertionError("no " + path + " from call " + from + " on: " + calls);
    }

    /** Whether {@code key} is the private key of {@code cert}'s public key. */
    static boolean pairs(PrivateKey key, X509Certificate cert) throws Exception {
        byte[] data = "kiln".getBytes();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(data);
        return s.verify(sig);
    }
}
