package io.kiln.onboarding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Site;
import io.kiln.api.onboarding.BootStage;
import io.kiln.api.onboarding.EnrollmentRule;
import io.kiln.api.onboarding.OnboardOutcome;
import io.kiln.api.onboarding.OnboardOutcome.Result;
import io.kiln.api.onboarding.PendingMachine;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who gets credentials: every way a machine is onboarded, made to wait, or refused. */
class OnboardingDecisionsTest {
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

    @Test
    void theBootScriptCarriesHttpsUrlCaPinAndAOneTimeToken() {
        BootStage s = kit.onboarding.bootStage("vm-1", "http://10.0.0.1:8080");
        assertEquals("https://10.0.0.1:8443", s.httpsUrl());
        assertEquals(kit.pki.ca().sha256(), s.caSha256());
        assertNotNull(s.token());
        assertNull(s.localBoot());
        assertTrue(!s.token().equals(kit.token("vm-1")), "a new token each time a script is rendered");
        assertNull(kit.onboarding.bootStage(null, "http://10.0.0.1:8080").token(), "an unknown machine gets no token");
    }

    @Test
    void aPreRegisteredHostWithItsTokenIsOnboardedAndItsInstanceStarts() throws Exception {
        OnboardOutcome o = kit.onboardVm1(Kit.key());
        assertEquals(Result.ONBOARDED, o.result(), o.reason());
        assertEquals("vm-1", o.host());
        assertTrue(o.reason().contains("identity matched (MAC " + Kit.MAC + ", UUID " + Kit.UUID + ", serial " + Kit.SERIAL + ")"), o.reason());
        var cert = Kit.cert(o.certificate());
        assertTrue(cert.getSubjectAlternativeNames().toString().contains("urn:kiln:host:vm-1"), cert.getSubjectAlternativeNames().toString());
        assertTrue(kit.pki.verifyClient(cert).ok());
        assertTrue(kit.pki.verifyToken(o.token()).ok());
        Host h = kit.inventory.host("vm-1").orElseThrow();
        assertEquals(OnboardingState.ONBOARDED, h.currentState());
        assertEquals("QEMU", h.hardware().get("dmi.vendor"), "discovered facts are stored on the host");
        assertEquals(ProvisioningState.PROVISIONING, kit.inventory.instanceStatus("vm-1").orElseThrow().value().current(),
                "the ZTP instance starts provisioning once its host onboards");
        assertTrue(kit.onboarding.journal("vm-1").stream().anyMatch(e -> e.event().equals("onboarded")));
    }

    @Test
    void aTokenIsGoodOnce() throws Exception {
        String token = kit.token("vm-1");
        assertEquals(Result.ONBOARDED, kit.onboard(token, Kit.key(), Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC).result());
        OnboardOutcome replay = kit.onboard(token, Kit.key(), Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, replay.result());
        assertTrue(replay.reason().contains("already used") && replay.reason().contains("replayed"), replay.reason());
        assertTrue(replay.reason().contains("kiln:host-approve uuid-" + Kit.UUID), replay.reason());
    }

    @Test
    void theSameRequestAgainIsOnboardedAgain() throws Exception {
        // the agent's request timed out, or Kiln stopped before it answered: the agent repeats the SAME request (same key)
        String token = kit.token("vm-1");
        KeyPair key = Kit.key();
        assertEquals(Result.ONBOARDED, kit.onboard(token, key, Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC).result());
        OnboardOutcome again = kit.onboard(token, key, Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.ONBOARDED, again.result(), again.reason());
        kit.clock.advance(Duration.ofMinutes(61));
        OnboardOutcome late = kit.onboard(token, key, Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, late.result(), "not once the token has expired");
    }

    @Test
    void anExpiredTokenWaitsForAnOperator() throws Exception {
        String token = kit.token("vm-1");
        kit.clock.advance(Duration.ofMinutes(61));
        OnboardOutcome o = kit.onboard(token, Kit.key(), Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, o.result());
        assertTrue(o.reason().contains("expired at"), o.reason());
    }

    @Test
    void noTokenOrAnotherHostsTokenWaits() throws Exception {
        OnboardOutcome none = kit.onboard(null, Kit.key(), Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, none.result());
        assertTrue(none.reason().contains("no enrollment token"), none.reason());
        OnboardOutcome other = kit.onboard(kit.token("vm-2"), Kit.key(), Kit.UUID, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, other.result());
        assertTrue(other.reason().contains("enrollment token of host 'vm-2'"), other.reason());
        assertEquals(OnboardingState.REGISTERED, kit.inventory.host("vm-1").orElseThrow().currentState(), "never onboarded silently");
    }

    @Test
    void aMismatchWaitsAndAnApprovalHoldsForThatKeyOnly() throws Exception {
        KeyPair key = Kit.key();
        String otherUuid = "11111111-2222-3333-4444-555555555555";
        OnboardOutcome o = kit.onboard(kit.token("vm-1"), key, otherUuid, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, o.result());
        assertTrue(o.reason().contains("identity mismatch with host 'vm-1'") && o.reason().contains("the machine says " + otherUuid), o.reason());
        PendingMachine m = kit.onboarding.pending().get(0);
        assertEquals("vm-1", m.candidate());
        assertEquals(PendingMachine.State.PENDING, m.state());
        kit.onboarding.approve(m.id(), null, false, null, null, "alice");
        // another key than the one the operator saw: waits again
        OnboardOutcome swapped = kit.onboard(null, Kit.key(), otherUuid, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, swapped.result());
        kit.onboarding.approve(m.id(), null, false, null, null, "alice");
        OnboardOutcome ok = kit.onboard(null, key, otherUuid, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.PENDING, ok.result(), "the approval was for the swapped key, the last one the operator saw");
        kit.onboarding.approve(m.id(), null, false, null, null, "alice");
        OnboardOutcome done = kit.onboard(null, key, otherUuid, Kit.SERIAL, Map.of(), Kit.MAC);
        assertEquals(Result.ONBOARDED, done.result(), done.reason());
        assertTrue(done.reason().contains("approved as host vm-1 by alice"), done.reason());
        assertTrue(kit.onboarding.pending().isEmpty(), "an onboarded machine no longer waits");
    }

    @Test
    void anUnknownMachineWaitsUntilRegisteredByAnOperator() throws Exception {
        KeyPair key = Kit.key();
        OnboardOutcome o = kit.onboard(null, key, null, "X1", Map.of(), "52:54:00:0b:00:99");
        assertEquals(Result.PENDING, o.result());
        assertTrue(o.reason().startsWith("unknown machine: no host has MAC 52:54:00:0b:00:99, serial X1; no enrollment rule"), o.reason());
        String id = kit.onboarding.pending().get(0).id();
        assertEquals("mac-5254000b0099", id);
        KilnException e = assertThrows(KilnException.class, () -> kit.onboarding.approve(id, null, false, null, null, "bob"));
        assertTrue(e.getMessage().contains("resembles no host"), e.getMessage());
        kit.onboarding.approve(id, "new-1", true, null, null, "bob");
        OnboardOutcome done = kit.onboard(null, key, null, "X1", Map.of(), "52:54:00:0b:00:99");
        assertEquals(Result.ONBOARDED, done.result(), done.reason());
        Host h = kit.inventory.host("new-1").orElseThrow();
        assertEquals(List.of("52:54:00:0b:00:99"), h.macs());
        assertEquals("X1", h.serial());
    }

    @Test
    void aRejectedMachineIsRefusedFromThenOn() throws Exception {
        kit.onboard(null, Kit.key(), null, null, Map.of(), "52:54:00:0b:00:98");
        kit.onboarding.reject("mac-5254000b0098", "not ours", "carol");
        OnboardOutcome o = kit.onboard(null, Kit.key(), null, null, Map.of(), "52:54:00:0b:00:98");
        assertEquals(Result.REFUSED, o.result());
        assertTrue(o.reason().contains("rejected by carol") && o.reason().contains("not ours"), o.reason());
    }

    @Test
    void aQuarantinedHostIsRefused() throws Exception {
        var s = kit.inventory.hostStatus("vm-1").orElseThrow();
        kit.inventory.saveStatus(new HostStatus("vm-1", OnboardingState.QUARANTINED, Map.of()), s.version());
        OnboardOutcome o = kit.onboardVm1(Kit.key());
        assertEquals(Result.REFUSED, o.result());
        assertTrue(o.reason().contains("quarantined"), o.reason());
    }

    @Test
    void anEnrollmentRuleRegistersMatchingMachinesAndSaysWhyOthersDidNotMatch() throws Exception {
        kit.inventory.save(new Site("shop", "", Map.of(), List.of(), null), 0);
        assertThrows(KilnException.class, () -> kit.onboarding.putRule(new EnrollmentRule("r0", "nowhere", null, "QEMU*", null, null, null, null, null)));
        kit.onboarding.putRule(new EnrollmentRule("r1", "shop", null, "QEMU*", null, null, "52:54:00", null, null));
        OnboardOutcome o = kit.onboard(null, Kit.key(), null, null, Map.of("dmi.vendor", "QEMU"), "52:54:00:0b:00:aa");
        assertEquals(Result.ONBOARDED, o.result(), o.reason());
        assertEquals("shop-5254000b00aa", o.host());
        assertEquals("shop", kit.inventory.host("shop-5254000b00aa").orElseThrow().site());
        OnboardOutcome dell = kit.onboard(null, Kit.key(), null, null, Map.of("dmi.vendor", "Dell Inc."), "52:54:00:0b:00:bb");
        assertEquals(Result.PENDING, dell.result());
        PendingMachine m = kit.onboarding.pending().get(0);
        assertEquals(List.of("rule r1: vendor is Dell Inc., wants QEMU*"), m.rules());
    }

    @Test
    void aHostsJournalIsNotFoundOnlyWhenNoHostHasThatNameAndNoneHad() throws Exception {
        assertEquals(List.of(), kit.onboarding.journal("vm-1"), "a registered host that has done nothing yet: an empty path");
        KilnException e = assertThrows(KilnException.class, () -> kit.onboarding.journal("nosuch"));
        assertEquals(KilnException.Kind.NOT_FOUND, e.kind());
        assertEquals("no host named 'nosuch' (and no journal entries for one)", e.getMessage());
        assertEquals(Result.ONBOARDED, kit.onboardVm1(Kit.key()).result());
        kit.inventory.delete(Host.class, "vm-1", io.kiln.api.inventory.Inventory.ANY_VERSION);
        assertTrue(kit.onboarding.journal("vm-1").stream().anyMatch(j -> j.event().equals("onboarded")), "a removed host's path stays readable");
    }
}
