package io.kiln.onboarding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.onboarding.AgentCaller;
import io.kiln.api.onboarding.AgentIdentity;
import io.kiln.api.onboarding.JournalEntry;
import io.kiln.api.onboarding.OnboardOutcome;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent API's door (certificate + token, each refusal) and the fixed provisioning sequence behind it. */
class AgentApiTest {
    @TempDir
    Path dir;
    Kit kit;

    @BeforeEach
    void setUp() throws Exception {
        kit = new Kit(dir);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    AgentIdentity auth(OnboardOutcome cert, String token) throws Exception {
        return kit.onboarding.authenticate(new AgentCaller(cert == null ? null : Kit.cert(cert.certificate()), token, "10.0.0.50"));
    }

    @Test
    void theHostsOwnCertificateAndTokenGetIn() throws Exception {
        OnboardOutcome o = kit.onboardVm1(Kit.key());
        AgentIdentity who = auth(o, o.token());
        assertTrue(who.ok(), who.reason());
        assertEquals("vm-1", who.host());
    }

    @Test
    void noCertificateOrNoTokenIs401() throws Exception {
        OnboardOutcome o = kit.onboardVm1(Kit.key());
        AgentIdentity noCert = auth(null, o.token());
        assertEquals(401, noCert.status());
        assertTrue(noCert.reason().contains("no client certificate"), noCert.reason());
        AgentIdentity noToken = auth(o, null);
        assertEquals(401, noToken.status());
        assertTrue(noToken.reason().contains("no bearer token"), noToken.reason());
        AgentIdentity garbage = auth(o, "not.a.jwt");
        assertEquals(401, garbage.status());
    }

    @Test
    void anotherHostsTokenOrCertificateIs403() throws Exception {
        OnboardOutcome vm1 = kit.onboardVm1(Kit.key());
        OnboardOutcome vm2 = kit.onboard(kit.token("vm-2"), Kit.key(), null, null, Map.of(), Kit.MAC2);
        assertEquals(OnboardOutcome.Result.ONBOARDED, vm2.result(), vm2.reason());
        AgentIdentity mixed = auth(vm1, vm2.token());
        assertEquals(403, mixed.status());
        assertTrue(mixed.reason().contains("the token is host 'vm-2''s, the certificate host 'vm-1''s"), mixed.reason());
    }

    @Test
    void aTokenBoundToAnotherCertificateIs403() throws Exception {
        OnboardOutcome first = kit.onboardVm1(Kit.key());
        OnboardOutcome renewed = kit.onboarding.renew("vm-1", Kit.csr(Kit.key()));
        AgentIdentity who = auth(renewed, first.token());
        assertEquals(403, who.status());
        assertTrue(who.reason().contains("bound to another certificate"), who.reason());
        assertTrue(auth(renewed, renewed.token()).ok(), "the renewed pair gets in");
        assertTrue(auth(first, first.token()).ok(), "the old pair stays good until it expires");
    }

    @Test
    void aCertificateRevokedByReOnboardingIs403() throws Exception {
        OnboardOutcome first = kit.onboardVm1(Kit.key());
        OnboardOutcome again = kit.onboardVm1(Kit.key());
        assertEquals(OnboardOutcome.Result.ONBOARDED, again.result());
        AgentIdentity old = auth(first, first.token());
        assertEquals(403, old.status());
        assertTrue(old.reason().contains("revoked"), old.reason());
        assertTrue(auth(again, again.token()).ok());
    }

    @Test
    void anExpiredCertificateIs403() throws Exception {
        OnboardOutcome o = kit.onboardVm1(Kit.key());
        kit.clock.advance(Duration.ofDays(8));
        AgentIdentity who = auth(o, o.token());
        assertEquals(403, who.status(), who.reason());
        assertTrue(who.reason().contains("expired"), who.reason());
    }

    @Test
    void aCertificateOfAnotherCaIs403() throws Exception {
        OnboardOutcome o = kit.onboardVm1(Kit.key());
        AgentIdentity who = kit.onboarding.authenticate(new AgentCaller(Kit.foreign(Kit.key()), o.token(), "10.0.0.66"));
        assertEquals(403, who.status());
        assertTrue(who.reason().contains("not issued by this Kiln"), who.reason());
    }

    @Test
    void theWorkflowWritesTheImageTheSeedAndRebootsThenFirstBootMakesItRunning() throws Exception {
        kit.bootStage();
        kit.onboardVm1(Kit.key());
        AgentAction image = kit.nextAction("vm-1");
        assertEquals("image", image.type());
        assertEquals("/artifacts/os.img.gz", image.parameters().get("url"));
        assertEquals(Kit.SHA, image.parameters().get("sha256"));
        assertEquals(Map.of("name", "vda"), image.parameters().get("rootDeviceHints"));
        assertEquals(image.id(), kit.onboarding.next("vm-1").id(), "an agent that lost its action gets the same one again");
        kit.onboarding.progress("vm-1", image.id(), 50, "half", List.of("line 1"));
        kit.onboarding.result("vm-1", image.id(), true, "written", Map.of());

        AgentAction files = kit.nextAction("vm-1");
        assertEquals("files", files.type());
        assertEquals("1", files.parameters().get("partition"));
        assertEquals("/etc/kiln", files.parameters().get("credentialsDir"));
        String seed = files.parameters().get("files").toString();
        assertTrue(seed.contains("/var/lib/cloud/seed/nocloud/meta-data") && seed.contains("rendered /cloud-init/vm-1/user-data with http://10.0.0.1:8080"),
                "the NoCloud seed, rendered with the Kiln URL of the host's boot script: " + seed);
        kit.onboarding.result("vm-1", files.id(), true, "seed written", Map.of());

        AgentAction reboot = kit.nextAction("vm-1");
        assertEquals("reboot", reboot.type());
        assertEquals(null, kit.onboarding.bootStage("vm-1", "http://10.0.0.1:8080").localBoot(), "not before the reboot is done");
        kit.onboarding.result("vm-1", reboot.id(), true, "rebooting", Map.of());
        Kit.await("boots from disk", () -> kit.onboarding.bootStage("vm-1", "http://10.0.0.1:8080").localBoot() != null);
        assertTrue(kit.onboarding.bootStage("vm-1", "http://10.0.0.1:8080").localBoot().contains("written to disk"),
                "a network boot after the reboot goes to the disk");
        assertEquals("wait", kit.onboarding.next("vm-1").type());

        kit.onboarding.firstBoot("vm-1", "os-image-123", Map.of());
        Kit.await("RUNNING", () -> kit.inventory.instanceStatus("vm-1").orElseThrow().value().current() == ProvisioningState.RUNNING);
        Kit.await("done", () -> kit.onboarding.next("vm-1").type().equals("done"));
        List<String> events = kit.onboarding.journal("vm-1").stream().map(JournalEntry::event).toList();
        assertEquals(List.of("onboarded", "instance", "first-boot"), events);
    }

    @Test
    void aStepThatFailsThreeTimesPutsTheInstanceInError() throws Exception {
        kit.bootStage();
        kit.onboardVm1(Kit.key());
        String last = null;
        for (int i = 1; i <= 3; i++) {
            AgentAction a = kit.nextAction("vm-1");
            assertEquals("image", a.type());
            assertTrue(!a.id().equals(last), "each attempt has its own id");
            last = a.id();
            kit.onboarding.result("vm-1", a.id(), false, "sha256 mismatch: expected A, got B", Map.of());
            Thread.sleep(300);
            kit.clock.advance(java.time.Duration.ofMinutes(1)); // past the backoff
        }
        Kit.await("done", () -> kit.onboarding.next("vm-1").type().equals("done"));
        assertEquals(ProvisioningState.ERROR, kit.inventory.instanceStatus("vm-1").orElseThrow().value().current());
        assertTrue(kit.onboarding.next("vm-1").parameters().get("reason").toString().contains("sha256 mismatch"));
        assertNotNull(kit.onboarding.bootStage("vm-1", "http://10.0.0.1:8080").token(), "an instance in ERROR boots the agent again");
    }
}
